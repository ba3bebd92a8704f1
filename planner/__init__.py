"""The capacity planner behind `rappel simulate`.

It answers the coordinators' question: how many volunteers, on which hours,
keep the 24-hour promise at our volume? It runs the real engine (the same
`dispatch` decisions and `scheduling.tick` as production, with the ranking
given as a policy, nothing patched) on synthetic weeks, for many seeds, and
compares it with round robin and with an oracle bound that no policy can beat.

- `assumptions`: the figures the planner assumes (or learns), in one place;
- `traffic`: who texts when, saying what (arrivals by hour of the week);
- `people`: how coaches read and answer offers, and coordinators pages;
- `scratch`: the production app on an in-memory database, per run;
- `run`: one policy on one seed, through the engine on a virtual clock;
- `policies`: the rankings compared (configured, round robin, random);
- `bound`: the oracle, an integer programme over the coaches' time;
- `study`: seeds in processes, intervals, the windows worth adding;
- `history`: the assumptions learned from the hotline's own database;
- `report`, `heatmap`: what a coordinator reads (French), and the JSON.
"""
