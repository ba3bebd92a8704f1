"""Summer time: offsets follow the day of the slot, not the day of receipt."""
from datetime import datetime


def test_a_slot_after_the_autumn_change_is_plus_one(parse_at):
    result = parse_at("le 25 octobre à 10h", "2026-10-20T12:00:00+02:00")
    assert result.to_dict()["slots"] == [{"start": "2026-10-25T10:00:00+01:00", "end": "2026-10-25T11:00:00+01:00"}]


def test_a_slot_after_the_spring_change_is_plus_two(parse_at):
    result = parse_at("le 29 mars à 10h", "2026-03-25T12:00:00+01:00")
    assert result.to_dict()["slots"] == [{"start": "2026-03-29T10:00:00+02:00", "end": "2026-03-29T11:00:00+02:00"}]


def test_tomorrow_morning_asked_the_night_before_the_change(parse_at):
    result = parse_at("Bonsoir, rappelez-moi demain matin", "2026-10-24T22:00:00+02:00")
    assert result.to_dict()["slots"] == [{"start": "2026-10-25T09:00:00+01:00", "end": "2026-10-25T12:00:00+01:00"}]


def test_monday_morning_asked_before_the_change(parse_at):
    result = parse_at("Rappelez-moi lundi matin", "2026-10-24T22:00:00+02:00")
    assert result.to_dict()["slots"] == [{"start": "2026-10-26T09:00:00+01:00", "end": "2026-10-26T12:00:00+01:00"}]


def test_tomorrow_afternoon_across_the_spring_change(parse_at):
    result = parse_at("Demain après-midi svp", "2026-03-28T16:00:00+01:00")
    assert result.to_dict()["slots"] == [{"start": "2026-03-29T14:00:00+02:00", "end": "2026-03-29T18:00:00+02:00"}]


def test_slots_are_aware_datetimes_in_paris(parse_at):
    slot = parse_at("demain 14h", "2026-11-24T09:15:00+00:00").slots[0]
    assert slot.start == datetime.fromisoformat("2026-11-25T14:00:00+01:00")
    assert str(slot.start.tzinfo) == "Europe/Paris"
