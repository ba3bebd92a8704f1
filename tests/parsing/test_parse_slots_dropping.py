"""A slot that has ended at receipt is dropped; one that has begun is kept as stated."""


def test_an_ended_slot_is_dropped(slots_of):
    assert slots_of("ce matin", "2026-11-24T12:00:00+01:00") == []
    assert slots_of("aujourd'hui à 9h", "2026-11-24T10:00:00+01:00") == []


def test_a_begun_slot_is_kept_as_stated(slots_of):
    assert slots_of("Besoin de parler à quelqu'un ce soir si possible", "2026-11-25T18:20:00+01:00") == [
        "2026-11-25 18:00-21:00"]
    assert slots_of("aujourd'hui à 9h", "2026-11-24T09:59:00+01:00") == ["2026-11-24 09:00-10:00"]


def test_a_date_of_today_that_is_over_is_dropped(slots_of):
    assert slots_of("le 30 décembre à 9h", "2026-12-30T11:00:00+01:00") == []
