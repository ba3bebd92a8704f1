"""`rappel simulate`: synthetic traffic through the real engine, deterministic
for a seed, and the configured policy does better than round robin."""
from __future__ import annotations

from datetime import date
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from dispatch.roster import load_roster_file
from scheduling.simulate import simulate
from scheduling.simulate_traffic import arrivals, scaled
from tests.conftest import PARIS
from webhooks.cli_reports import register

SAMPLE = Path(__file__).resolve().parent.parent / "volunteers.yaml"


def test_the_traffic_follows_a_weekly_pattern():
    week = arrivals(7, date(2026, 11, 30), 28, 40, PARIS)
    firsts = {}
    for sms in week:
        firsts.setdefault(sms.sender, sms)
    local = [s.at.astimezone(PARIS) for s in firsts.values()]
    weekdays = sum(1 for t in local if t.weekday() < 5) / 20
    weekends = sum(1 for t in local if t.weekday() >= 5) / 8
    evenings = sum(1 for t in local if t.weekday() < 5 and 18 <= t.hour < 22) / 20
    mornings = sum(1 for t in local if t.weekday() < 5 and 8 <= t.hour < 12) / 20
    assert 30 < len(local) / 28 < 50
    assert weekends < 0.75 * weekdays
    assert evenings > 1.5 * mornings  # four evening hours outweigh four morning hours
    assert any("demain" in s.body for s in week) and any("06 39 98" in s.body for s in week)
    assert all(s.sender.startswith("+3363998") for s in week)


def test_the_same_seed_gives_the_same_traffic_and_another_seed_another():
    one = arrivals(3, date(2026, 11, 30), 3, 20, PARIS)
    assert one == arrivals(3, date(2026, 11, 30), 3, 20, PARIS)
    assert one != arrivals(4, date(2026, 11, 30), 3, 20, PARIS)


def test_scaling_the_roster_clones_coaches_with_fictional_numbers():
    roster = load_roster_file(SAMPLE)
    bigger = scaled(roster, 11)
    assert [c.id for c in bigger.coaches[8:]] == ["michel-2", "odile-2", "sylvie-2"]
    assert [c.mobile for c in bigger.coaches[8:]] == ["+33639982000", "+33639982001",
                                                      "+33639982002"]
    assert len({c.mobile for c in bigger.coaches}) == 11
    assert [c.id for c in scaled(roster, 3).coaches] == ["michel", "odile", "sylvie"]


def test_a_run_is_deterministic_for_a_seed():
    first = simulate(SAMPLE, per_day=6, days=1, seed=5, policies=("configured", "oracle"),
                     jobs=1)
    again = simulate(SAMPLE, per_day=6, days=1, seed=5, policies=("configured", "oracle"),
                     jobs=1)
    for name in ("configured", "oracle"):
        a, b = first["outcomes"][name], again["outcomes"][name]
        assert (a.requests, a.contact_minutes, a.offers, a.escalations, a.load) == \
            (b.requests, b.contact_minutes, b.offers, b.escalations, b.load)
    assert first["outcomes"]["configured"].requests > 0
    assert first["outcomes"]["configured"].contact_minutes


def test_the_configured_policy_beats_round_robin_on_the_sample_roster():
    result = simulate(SAMPLE, per_day=10, days=3, seed=2, policies=("configured", "naive"),
                      jobs=2)
    mine, naive = result["outcomes"]["configured"], result["outcomes"]["naive"]
    assert mine.requests == naive.requests > 20  # the same traffic
    assert mine.within_24h > naive.within_24h
    assert mine.within_deadline > naive.within_deadline


@pytest.fixture
def rappel():
    group = click.Group("rappel")
    register(group)
    return group


def test_the_command_prints_the_three_policies_side_by_side(rappel):
    result = CliRunner().invoke(rappel, ["simulate", str(SAMPLE), "--per-day", "4", "--days",
                                         "1", "--seed", "3", "--coaches", "9", "--jobs", "1"])
    assert result.exit_code == 0, result.output
    out = result.output
    for words in ("configured", "naive (round robin)", "upper bound", "contacted within 24 h",
                  "median time to contact", "offers per request", "no coach left",
                  "michel-2", "Wall time", "9 coaches"):
        assert words in out, words


def test_the_speed_ups_change_no_outcome_on_an_overloaded_roster():
    """Three coaches for 25 requests a day: most ticks only find every coach full."""
    kwargs = dict(per_day=25, days=1, seed=4, coaches=3, policies=("configured",), jobs=1)
    fast = simulate(SAMPLE, **kwargs)["outcomes"]["configured"]
    slow = simulate(SAMPLE, fast=False, **kwargs)["outcomes"]["configured"]
    assert fast.escalations["no_coach"] >= 5
    assert (fast.requests, fast.within_24h, fast.within_deadline, fast.contact_minutes,
            fast.offers, fast.escalations, fast.load) == \
        (slow.requests, slow.within_24h, slow.within_deadline, slow.contact_minutes,
         slow.offers, slow.escalations, slow.load)
    assert fast.ticks < slow.ticks
