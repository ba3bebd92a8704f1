"""Sets of days: each day of the horizon where the window ends an hour after receipt."""


def test_weekdays_after_six(slots_of):
    assert slots_of("Dispo en semaine après 18h", "2026-11-24T09:00:00+01:00") == [
        "2026-11-24 18:00-21:00", "2026-11-25 18:00-21:00", "2026-11-26 18:00-21:00",
        "2026-11-27 18:00-21:00", "2026-11-30 18:00-21:00"]


def test_weekdays_morning_received_in_the_evening(slots_of):
    assert slots_of("en semaine le matin de préférence", "2026-11-12T18:55:00+01:00") == [
        "2026-11-13 09:00-12:00", "2026-11-16 09:00-12:00", "2026-11-17 09:00-12:00", "2026-11-18 09:00-12:00"]


def test_monday_to_friday(slots_of):
    assert slots_of("du lundi au vendredi de 8h à 9h") == [
        "2026-11-25 08:00-09:00", "2026-11-26 08:00-09:00", "2026-11-27 08:00-09:00", "2026-11-30 08:00-09:00"]


def test_english_weekdays(slots_of):
    assert slots_of("Weekdays after 5pm would be best.", "2026-11-08T09:20:00+01:00") == [
        "2026-11-09 17:00-21:00", "2026-11-10 17:00-21:00", "2026-11-11 17:00-21:00",
        "2026-11-12 17:00-21:00", "2026-11-13 17:00-21:00"]


def test_every_day_includes_today_when_it_is_still_time(slots_of):
    assert slots_of("dispo tous les jours entre midi et deux", "2026-11-25T07:30:00+01:00") == [
        f"2026-{d} 12:00-14:00" for d in ("11-25", "11-26", "11-27", "11-28", "11-29", "11-30", "12-01")]


def test_every_day_skips_today_when_too_late(slots_of):
    assert slots_of("n'importe quel jour le midi", "2026-11-25T13:10:00+01:00") == [
        f"2026-{d} 12:00-14:00" for d in ("11-26", "11-27", "11-28", "11-29", "11-30", "12-01")]


def test_the_weekend_ahead(slots_of):
    assert slots_of("le week-end", "2026-11-27T12:00:00+01:00") == [
        "2026-11-28 09:00-18:00", "2026-11-29 09:00-18:00"]


def test_the_weekend_in_progress(slots_of):
    assert slots_of("ce week-end", "2026-11-28T10:00:00+01:00") == [
        "2026-11-28 09:00-18:00", "2026-11-29 09:00-18:00"]
    assert slots_of("ce week-end", "2026-11-29T10:00:00+01:00") == ["2026-11-29 09:00-18:00"]
    assert slots_of("the weekend", "2026-11-28T17:30:00+01:00") == ["2026-11-29 09:00-18:00"]


def test_every_evening_from_half_past_five(slots_of):
    assert slots_of("Disponible à partir de 17h30 tous les soirs") == [
        f"2026-{d} 17:30-21:00" for d in ("11-24", "11-25", "11-26", "11-27", "11-28", "11-29", "11-30")]


def test_next_week_is_monday_to_friday_within_the_horizon(slots_of):
    assert slots_of("Any day next week in the morning", "2026-11-20T09:05:00+01:00") == [
        "2026-11-23 09:00-12:00", "2026-11-24 09:00-12:00", "2026-11-25 09:00-12:00", "2026-11-26 09:00-12:00"]


def test_any_day_of_the_week_is_every_day(slots_of):
    assert len(slots_of("entre 12h30 et 13h30 n'importe quel jour de la semaine")) == 7


def test_every_morning_early(slots_of):
    assert slots_of("Dispo tous les matins tôt.", "2026-12-06T08:00:00+01:00") == [
        f"2026-12-{d:02d} 08:00-10:00" for d in range(6, 13)]


def test_tlj_is_every_day(slots_of):
    assert slots_of("Joignable tlj de 8h à 9h.", "2026-11-29T10:00:00+01:00") == [
        f"2026-{d} 08:00-09:00" for d in ("11-30", "12-01", "12-02", "12-03", "12-04", "12-05")]


def test_the_week_of_a_date_is_its_monday_to_friday(slots_of):
    assert slots_of("Rappel la semaine du 7 décembre.", "2026-11-28T15:00:00+01:00") == [
        f"2026-12-{d:02d} 09:00-18:00" for d in range(7, 12)]


def test_a_range_before_every_day_is_no_duration(slots_of):
    assert slots_of("Je suis joignable entre 14h et 15h tous les jours sauf le lundi.", "2026-11-24T06:00:00+01:00") == [
        f"2026-11-{d} 14:00-15:00" for d in range(24, 30)]


def test_every_evening_in_sms_spelling(slots_of):
    assert slots_of("dispo ts les soirs après 20h30.", "2026-11-29T18:00:00+01:00") == [
        f"2026-{d} 20:30-21:30" for d in ("11-29", "11-30", "12-01", "12-02", "12-03", "12-04", "12-05")]


def test_every_morning_of_next_week(slots_of):
    assert slots_of("Je suis dispo tous les matins de la semaine prochaine.", "2026-12-02T14:00:00+01:00") == [
        "2026-12-07 09:00-12:00", "2026-12-08 09:00-12:00"]
