"""The planner: greedy construction, then branch and cut or neighbourhood search, with proven bounds.

The flow of one solve:

1. Compile the instance and place the pinned sessions.
2. Candidate sessions (templates): the complete list, unless it holds more than ``COMPLETE_SEATS``
   seats or, beyond ``HEURISTIC_PEOPLE`` people, more than ``LAGRANGIAN_SEATS`` per second of the
   time limit (so: communities of up to a few hundred people, sparser generated cities of up to
   about a thousand).
3. A bound job starts in a forked process and runs beside everything below: with a complete list,
   its Lagrangian bound (:mod:`planner.lagrange`); otherwise, where it fits within
   ``LP_COLUMNS`` (generated cities of up to about 6,000 people), the linear relaxation (:mod:`planner.lpbound`). A
   small complete program (step 6) needs neither.
4. The cheap bound (:mod:`planner.bound`), which also lists unservable wishes; in a city where
   no bound job runs, it is computed in a forked process beside steps 5 and 6.
5. The greedy construction.
6. When the complete list has at most ``EXACT_TEMPLATES`` templates (a community of a few dozen
   people), the whole instance becomes one binary program for HiGHS's branch and cut
   (:mod:`planner.mip`), started from the greedy plan; it usually proves optimality within
   seconds, and its bound is the tightest the planner has. Beside it, on the second core, a
   forked search (the program's linear relaxation, branch and cut on the few hundred templates
   the relaxation points at, then neighbourhoods) sends its plans and the relaxation's bound
   back as it finds them; they are kept when branch and cut does not prove optimality and finds
   less (or no bound) in time. A complete program of more than ``ROOT_ALONE`` templates, which
   branch and cut would not get far with, gets that relaxation and the branch and cut on its
   templates alone, beside the Lagrangian bound. Up to ``HEURISTIC_PEOPLE`` people without such a
   program, or with a complete list too long for it, HiGHS's heuristics improve the greedy plan on
   a shorter list; more people without a complete list get them district by district. HiGHS
   without presolve always runs in a forked process, ended at its deadline (it may not heed its
   time limit for seconds).
7. Unless optimality is proved (or the search beside branch and cut has had the time):
   large-neighbourhood search (:mod:`planner.lns`), re-solving about 40 people at a time with
   CP-SAT (mostly scattered within reach of a centre) and keeping every improvement, until the
   time limit; where the second core is free (no bound job, or once it is done), a second searcher in
   a forked process works on distant neighbourhoods in lock step with the first. Where the bound
   job computes the Lagrangian bound of a program without branch and cut of its own, the search
   makes way, once, for branch and cut on the templates the bound's steps point at, started from
   the search's plan (and, where nothing better comes of it, for runs of HiGHS's feasibility jump
   on them from nothing).
8. The plan's bound is the tightest of the proven bounds; when the plan reaches it, the plan is
   marked optimal.
"""

from __future__ import annotations

import contextlib
import dataclasses
import functools
import itertools
import math
import multiprocessing
import multiprocessing.process
import os
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from typing import Any

import numpy as np
from numpy.typing import NDArray

from planner.bound import CheapBound, cheap_bound
from planner.check import check
from planner.compiled import Compiled, compile_instance
from planner.exact import SubResult
from planner.explain import explain
from planner.greedy import first_fit_fill, greedy_fill, keep_previous
from planner.lagrange import template_bound
from planner.lns import (
    Clock,
    Move,
    Progress,
    apply,
    die_with_parent,
    districts,
    end_process,
    freed,
    search,
    template_of,
)
from planner.lpbound import LpBound, lp_bound, lp_size, new_highs
from planner.mip import BOUND_MARGIN, Relaxation, first_order_bound, relax, solve_mip
from planner.model import Instance, Plan, Session, Stats
from planner.state import Chosen, State
from planner.templates import SkillIndex, Template, generate

# Up to this many templates the whole instance is one binary program for HiGHS's branch and cut
# (the 60-person sample has about 4,900 and 17,000 variables: its root relaxation takes about a
# second, and generated 60-person communities are proven optimal in 2 to 4 s).
EXACT_TEMPLATES = 10_000
# ... and at most this many seats (learner variables): HiGHS's presolve is not interrupted by the
# time limit, and on a 200-person district's 87,000 seats it ran for a minute.
EXACT_SEATS = 40_000
# Instances of up to this many people, or with a complete program too large for branch and cut,
# get HiGHS's heuristics on a selection of templates (when it holds at most ``EXACT_SEATS``
# seats) before the neighbourhood search, for this share of the time limit (the program of a
# 2,000-person city, 250,000 seats, was still in presolve after a minute). HiGHS
# runs without presolve there: on the 200-person sample presolve and the first solution took
# 6.5 s (774), and a busier machine missed that solution within 6 s (766 at the end, against
# about 790); without presolve its first solution (763) comes within 3 s. Scattered
# neighbourhoods make more of the time left (20 s, seeds 0 and 1: 791.4 on average at 0.15,
# 788.2 at 0.3; a generated 200-person city: 711.4 and 711.8). HiGHS ends with its first plan
# better than the greedy one (its feasibility jump's) and may take up to ``HEURISTIC_STRETCH``
# times its share for it, as a district does: on a slow machine that plan came 2.2 to 2.9 s into
# HiGHS's run, and the share (2 to 2.4 s after generating the candidates) missed it in 2 of 5 runs
# of the sample (seeds 1 to 5: 798.3, 785.8, 799.7, 796.3 and 797.6; with the stretch 802.3,
# 799.6, 795.1, 795.4 and 798.1, the plan always taken). Generated 200-person cities, seeds 1 and
# 2, where it came in time either way and the search now starts sooner: 724.6 and 724.9 against
# 717.6 and 715.3, 628.6 and 627.1 against 634.6 and 629.5, 712.2 and 726.7 against 736.0 and
# 724.3.
HEURISTIC_PEOPLE = 400
HEURISTIC_SHARE = 0.15
HEURISTIC_STRETCH = 2.0
# Instances of more people without a complete program get the same heuristics district by
# district (see :func:`_by_district`), in districts of about this many people, each on the best
# this many candidates per teacher and skill, until this share of the time limit; a district is
# skipped when less than this many seconds are left for it. Measured in 120 s (seed 1): the 2,000-person
# sample reached 8,459.7 without the districts, 8,515.9, 8,531.9, 8,570.9, 8,539.6 and 8,458.1
# with districts of 200, 300, 400, 500 and 700 people (8,495.0 with 200 people until 0.4 of the
# limit); a generated 2,000-person city, 6,992.7 without, 7,075.6 and 7,182.8 with 200 and 400.
# A second round of districts gained less than the neighbourhood search in the same time. A
# generated 20,000-person city in 600 s: 67,420.8 against 65,514.8 without (the districts until
# 180 s: 58,452 to 66,072); two rounds (the second with one district more) until 360 s, 67,432.3.
# A district ends with HiGHS's first better plan and may take up to ``DISTRICT_STRETCH`` times its
# share (see :func:`_by_district`): HiGHS's feasibility jump finds one better plan before the root
# relaxation (4 to 8 s per district of the sample on a slow machine), and nothing more comes in
# 25 s. Until 0.4 of the limit rather than 0.3, so that on a slow machine the last district is not
# cut short (the sample, seeds 1 and 2: 8,588 and 8,614 against 8,562 and 8,592, its districts
# reaching 8,257 instead of 8,118; a generated 2,000-person city, where every district ends in
# time either way, 7,239 and 7,231 against 7,228 and 7,233). Where districts end sooner, the rest
# goes to the search.
DISTRICT_PEOPLE = 400
DISTRICT_PER_PAIR = 20
DISTRICT_UNTIL = 0.4
DISTRICT_SECONDS = 0.5
DISTRICT_STRETCH = 2.0
# The search beside branch and cut (where no bound job takes the second core): the program's
# linear relaxation, solved by HiGHS up to ``RIVAL_FOCUS`` of the time limit (0.8 s on the
# 60-person sample, 0.15 s on generated 60-person communities, 1.4 s on the sample on a slow
# machine, where it had often not ended by 0.4 of the limit); then branch and cut on the
# templates it points at (see :func:`_focus`), up to ``RIVAL_FOCUS`` of the time limit, or for at
# least ``RIVAL_FOCUS_LEAST`` of it after a relaxation that ended late (on the sample
# 360 templates, solved in 0.7 s: 197.08, where the optimum is 197.14; with 400 more, 197.11 in
# 3.2 s); then neighbourhoods of this many people and work limit, ending this many seconds before
# branch and cut. Before, HiGHS without presolve up to its root relaxation, then neighbourhoods,
# gave 192.9 to 196.3 there in 5 s. Measured on the 60-person sample (5 s, seeds 0-2, HiGHS for a
# fifth of the limit): neighbourhoods of 25 people and 0.2 gave 194.4 on average, 15 and 0.1 gave
# 195.0, 40 and 0.5 gave 195.6.
RIVAL_FOCUS = 0.7
RIVAL_FOCUS_LEAST = 0.4
# That branch and cut's templates are those the relaxation holds and this many more of reduced
# profit nearest zero (see :func:`_focus`): a smaller program, whose branch and cut gets past its
# first round of cutting planes to its sub-MIP heuristics within the time. In 5 s, against the
# optima 178.05 (a generated 60-person community), 158.62 (another) and 197.14 (the sample):
# with 300 more, 171.6 in three runs, 156.7 in two, 197.12 in three; with 150, 174.5 to 175.4,
# 158.49 and 158.62, 197.12; with 80, 176.4 to 176.7 in five, 158.58 to 158.62 in four and the
# optimum in six of eight (196.94 in two); with 40, 176.2 and 177.8, 158.54 and 158.58, 197.04;
# with none, 176.96, 158.20 and 196.57. Communities that branch and cut proves in time are not
# affected.
RIVAL_TEMPLATES = 80
RIVAL_NEIGHBOURHOOD = 40
RIVAL_STEP = 0.5
RIVAL_MARGIN = 0.2
# Up to this many people the complete template list is generated (for branch and cut, or the
# Lagrangian bound and the templates it points at) ...
COMPLETE_PEOPLE = 5_000
# ... when it holds at most this many eligible learners (seats) in all; the generation stops
# once it has more (the 2,000-person sample has 6.4 million seats in 430,000 templates: 0.4 s
# spent; a generated 5,000-person city, 1 s). Below
# that are communities of the samples' shape up to about 450 people (400-person communities
# carved from the 2,000-person sample: 191,000 to 537,000; 450 people, 475,000; 600 people,
# 710,000) and generated cities up to about 1,000 (400 people: 67,000; 700: 177,000; 1,000:
# 351,000; 1,500: 944,000). Where everyone is free all week, a generated 200-person city had 2
# million seats in 316,000 templates, took 2.8 s and 0.6 GB to list, and left the Lagrangian
# bound far above the cheap one. Such a community is planned as a larger one is.
# Beyond ``HEURISTIC_PEOPLE`` the list is built only where the Lagrangian steps can settle it,
# at most ``LAGRANGIAN_SEATS`` seats per second of the time limit (or where branch and cut could
# take it whole); otherwise the districts below make the better start.
# When the complete list was built only up to 400 people, generated cities just above that were
# planned far worse than just below (default limits, seed 2, score and bound): 400 people
# 1,450.8 and 1,510.0, 401 people 1,385.7 and 1,552.7. With the complete list (and its
# Lagrangian guide in place of the districts), the 401-person city (2,100 seats per second of
# its limit) gets 1,450.6 and 1,517.1; a 500-person one (2,500) 1,728.1 and 1,846.2 instead of
# 1,684.5 and 1,889.4; a 700-person one (3,700) 2,572.5 and 2,673.2 instead of 2,430.1 and
# 2,770.5; a 1,000-person one (5,500) 3,526.4 and 3,729.1 instead of 3,445.5 and 3,855.5; a
# 401-person community carved from the sample (7,800) 1,727.8 and 1,777.9 instead of 1,722.3 and
# 1,791.8. Beyond 8,000 seats a second the districts did as well or better: a 1,500-person city
# (10,200) 5,148.0 against 5,242.9; carved communities of 450 (14,000), 800 (16,600) and 600
# (16,900) people 1,989.9, 3,582.2 and 2,615.8 against 1,992.3, 3,563.1 and 2,689.1; in 8 s
# the 450-, 700- and 1,000-person ones 1,774.8, 2,269.6 and 3,056.6 against 1,929.8, 2,327.9 and
# 3,226.9. Up to 400 people, where the districts do not run, the guide does better than the
# search alone even so: carved communities of 300 and 400 people (13,000 to 16,000 seats a
# second) 1,243.0, 1,738.1, 1,775.3 and 1,727.9 against 1,223.2, 1,725.4, 1,743.6 and 1,710.5,
# and against 1,244.4, 1,719.9, 1,763.4 and 1,707.1 by district (two districts each).
COMPLETE_SEATS = 600_000
# Programs of more templates than this get the Lagrangian bound beside them (a 200-person city's
# program of 7,800 templates had not solved its root within 20 s), and in place of branch and cut
# on the whole program, its linear relaxation (for at most the first share of the time limit)
# and branch and cut on the templates it points at (see :func:`_focus`) up to the second share,
# before the neighbourhood search. Variations of the 60-person sample have 5,400 to 5,900
# templates, whose relaxation takes 1.4 to 2.4 s: branch and cut on the whole program found no
# better plan than the greedy one within 3 s (175.6 with the bound 214.7). Where the relaxation
# is not solved in time, the neighbourhood search starts from the greedy plan.
ROOT_ALONE = 5_000
# ... but only for up to this many people; a larger community with such a program is planned as
# one without a complete program (HiGHS's heuristics, the neighbourhood search, and branch and cut
# on the templates the Lagrangian bound points at). On a slow machine the relaxation of a
# generated 200-person city (7,821 templates) was not solved within its 12 s of 20, and the
# greedy plan waited for it: generated 200-person cities in 20 s, seeds 1 and 2, gave 701.8 and
# 684.0, 627.2 and 627.5, 719.6 and 717.6 that way; 709.9 and 718.5, 634.4 and 635.1, 727.0 and
# 719.1 this way.
RELAXED_PEOPLE = 100
RELAX_SHARE = 0.6
ROOT_SHARE = 0.8
# Seconds a branch and cut run apart (see :func:`_mip_apart`) may take past its deadline to end by
# itself with its bound, before it is ended without.
APART_GRACE = 0.2
# Seconds before the time limit by which branch and cut beside the search (see ``solve``) is ended,
# whatever it is doing: for the plan to be checked and written.
END_MARGIN = 0.15
# Seats per second of the time limit up to which a complete template program gets its own bounds
# for the whole of the bound job's time: the Lagrangian steps until they point at their templates
# (``GUIDE_AT``), then its linear relaxation by PDLP (see :func:`_lp_stages`). A larger one gets
# the time-indexed relaxation after the steps, as without a complete list: PDLP does not settle
# the program's own relaxation in the time. Beside the search, on communities carved from the
# 2,000-person sample (seats per second of the limit; the program's relaxation against the
# time-indexed one): 7,900, 1,252.5 against 1,267.9 (and 1,259.5 from the steps given the whole
# time); 8,700, 1,337.0 against 1,342.1; 9,900, 1,403.8 against 1,391.4; 10,500, 1,339.8 against
# 1,346.1; 16,300, 1,395.4 against 1,305.7; 17,300, 1,956.5 against 1,784.9.
# The threshold was set when the steps had the whole time, measured on communities carved from
# the 2,000-person sample (the Lagrangian bound in the solve against the time-indexed
# relaxation): 200 people with 141,328 seats, 850.1 against 851.5; 300 people with 171,295,
# 1,303.8 against 1,311.6; 200 people with 239,847, 824.6 against 807.4; 400 people with 537,050,
# 2,019.4 (above the cheap bound) against 1,784.3.
# Beyond ``HEURISTIC_PEOPLE`` people a larger complete list is not built at all (see
# ``COMPLETE_SEATS``).
LAGRANGIAN_SEATS = 8_000
# Templates that a linear relaxation points at beyond those it holds (see :func:`_focus`).
FOCUS_TEMPLATES = 300
# At most this many of the templates it holds, the most held: on a 200-person community carved
# from the 2,000-person sample (43,466 templates), the Lagrangian steps had held 10,886 of them in
# a tenth of their recent steps by 9 s, and branch and cut on them (its presolve) overran the
# solve's 20 s by 7 s (now 19.6 s, and 781.9 instead of 774.3). Elsewhere the whole focus is a
# few hundred templates (401 on the 200-person sample, 869 on another carved community).
FOCUS_HELD = 1_000
# When the relaxation of such a program is solved within this share of the time limit, branch and
# cut on its templates gets the second share, and branch and cut on the whole program, started
# from their plan, the rest up to ``ROOT_SHARE`` (its cuts tighten the bound). Variations of the
# 60-person sample in 20 s: 209.57, 208.76 and 210.80 with the bounds 212.88, 208.76 and 210.80;
# the templates alone up to ``ROOT_SHARE`` gave 209.57, 208.68 and 210.67 with 213.86, 209.31 and
# 211.34; branch and cut on the whole program alone, 209.83 and 208.76 with 212.87 and 208.77
# (with a 5 s limit the relaxation ends too late, and the templates keep the time).
WHOLE_AFTER = 0.2
FOCUS_SHARE = 0.3
# Programs with a Lagrangian bound and no branch and cut of their own (a few hundred people, or
# up to about a thousand in sparser cities): the neighbourhood search stops at ``GUIDE_AT`` of
# the time limit for branch and cut, hinted with its plan, on the templates the Lagrangian steps
# point at (see ``GUIDE_RATE`` in
# :mod:`planner.lagrange`): those held in at least ``GUIDE_HELD`` of their recent steps, and the
# ``FOCUS_TEMPLATES`` of best reduced value. The job sends them at that share; the search waits
# at most ``GUIDE_WAIT`` of the time limit for them, and branch and cut has until ``GUIDE_END``.
# The 200-person sample in 20 s, seeds 1 to 3: 802.3, 799.2 and 802.8 (the bound is 815.8); the
# search alone gave 791.8 on average.
GUIDE_AT = 0.45
GUIDE_HELD = 0.1
GUIDE_WAIT = 0.05
GUIDE_END = 0.65
# Before that branch and cut, HiGHS runs up to ``JUMPS`` times on the same templates with other
# random seeds, each ended at its first better plan or, without one, once its feasibility jump is
# over (its first log line; see :func:`_mip_apart`), and at the latest ``JUMP_SECONDS`` before
# branch and cut's end; one starts only while twice that is left (for it and for branch and
# cut). Within the few
# seconds it has at 20 s, that branch and cut improves the plan only by its feasibility jump
# (within about its first second); its first round of cutting planes then lasts to 6 s, and its sub-MIP
# heuristics come after them (measured on five such programs of 200-person communities). The jump
# depends on the seed: on three of them seeds 0 to 3 gave 788.2, none, 791.7 and 790.5; 825.1,
# 826.8, 827.4 and 826.8; none, 792.5, 790.8 and 787.3. Five 200-person communities in 20 s, two
# runs each: 7,568 in all with three jumps, 7,554 without (after the branch and cut: 7,506 against
# 7,479); the sample 805.0 and 803.7 against 803.5 and 788.9. Given a longer time, the branch and
# cut keeps nearly all of its own. On four plans of the sample at that point, eight seeds each, 13
# of 32 runs found a better plan, all 0.7 to 1.2 s after they began (fork and presolve
# included), none later within 4 s. A jump that ended after a fixed second was often cut short
# on a busy machine: with one more busy process beside it the sample reached 784.3 on average in
# four runs, no jump finding anything, against 791.9 with jumps ended by their feasibility jump;
# on an idle machine the two are the same (the sample, 300- and 400-person communities), and so
# are eight runs instead of three at 300 and 400 people (two runs each, 5,995.0 against 5,996.3).
# The runs are given the plan as their start. Without it HiGHS's feasibility jump builds a plan of
# its own from nothing (its log shows it, after the trivial empty plan; given a start it logs no
# plan). From one such point of the sample those plans were worth 782.9 to 795.3 (seeds 1 to 6,
# the plan 788.0). Jumps without the start, from six saved points of the sample (two where the
# jumps and branch and cut had found nothing), each followed by 6 s of search: 803.5 on average
# against 797.5, each finding a better plan. Whole solves in 20 s did not keep that gain, the search
# after it making up the difference: the sample (seeds 1 to 10), four 200-person communities
# carved from the 2,000-person sample and three generated cities, 24 runs a side, 13.6 more in
# all; alternating runs with and without the start (four jumps), 11 of the runs, 2.4 more. One run
# without the start still found nothing (790.9). At 400 people, two runs: 1,707.3 and 1,716.5
# against 1,721.0 and 1,711.1. Not taken.
JUMPS = 3
JUMP_SECONDS = 1.0
# When neither the seeded runs nor branch and cut found a better plan, up to ``JUMPS`` seeded runs
# without the plan as their start follow, one after another until one finds one, while twice
# ``JUMP_SECONDS`` is left before this share of the time limit (so that a longer limit does not
# spend its fifth on a plan none of them improves). Such a run is the one case where starting from nothing
# pays: the runs given the plan had found nothing from it. From two saved points of the sample where
# eight seeds given the plan found nothing, runs without it found a better plan with 3 and 3 seeds
# of 6 (0.5 to 0.6 s each). More runs given the plan, in whole solves of the sample: 11 runs in the
# 4 solves where the phase had found nothing, none finding anything. In 28 solves of the sample in
# 20 s (seeds 1 to 28), the phase found nothing in 7: the runs without a start found a better plan
# in 4 (with the first run each time), which then ended at 802.6, 803.0, 800.2 and 796.9, and in 3
# did not (790.2, 791.0 and 791.4, as such a solve ends without them). The 28 averaged 800.3 (98.3 %
# of the bound), against 798.3 over 24 solves without them, where 8 found nothing (789.1 to 794.4).
RETRY_END = 0.85
# Added to the seed of the search after that branch and cut, so that it draws other neighbourhoods.
SECOND_SEED = 100_003
# Beyond this many people the program's linear relaxation is solved by the interior point method
# (see :func:`planner.mip.relax`): with it, a generated 200-person city (5,300 templates, 20 s)
# reached 718.6 with the bound 749.2; with the simplex, not solved within 12 s, 687.5 (and 709.2
# from branch and cut on the whole program). On 60-person communities the simplex is faster.
INTERIOR_PEOPLE = 100
# People per neighbourhood in the large-scale search, and the deterministic-time limit of one
# re-solve. Measured on a 2,000-person city in 60 s (seed 1): 25 people and 0.05 gave 6,488;
# 40 and 0.07 gave 6,596; 50 and 0.1, 6,580; 100 and 0.5, 6,360 (too few neighbourhoods). On a
# 20,000-person city in 600 s the smaller ones did better (63,033 against 62,810).
NEIGHBOURHOOD = 40
LNS_STEP = 0.07
CITY_NEIGHBOURHOOD = 25
CITY_LNS_STEP = 0.05
# Two searchers share the neighbourhood search (see :mod:`planner.lns`) from this many
# neighbourhoods' worth of people, when no bound job takes the second core.
SEARCHERS_APART = 10
# The linear relaxation is built only up to this many columns (its building stops beyond them);
# larger ones would not settle within the time limits the planner is given, and their builder's
# lists would hold gigabytes. A 5,000-person city of ``bench/citygen.py`` (seed 1) has 1,220,923
# columns and 13 million entries, built in 19 s: in its 200 s solve PDLP gave the bound 21,318
# (the plan 17,389, 81.6 %) where, with the limit at 1.2 million, only the cheap bound, 24,171,
# had been reported (the plan 17,549, 72.6 %); the solve peaked at 1.7 GB. The 2,000-person
# sample has 696,354 columns.
LP_COLUMNS = 1_500_000
# The relaxation's columns per column of :func:`planner.lpbound.lp_size`'s quick estimate, which
# counts each skill's learners once rather than with every teacher they could meet: 6.7 on a
# generated 5,001-person city (182,804 estimated, 1,228,409 built), 7.0 on a 7,000-person one
# (253,858 and 1,772,544, 40 s to build), 8.3 on the 2,000-person sample (83,512 and 696,354).
# The bound job runs where the estimate times this fits within ``LP_COLUMNS``, in a city too:
# the 5,001-person city in its 200 s is reported against 21,119 instead of the cheap bound's
# 24,174, its plan 17,448 instead of 17,471. Beyond it the builder would stop at ``LP_COLUMNS``
# after half a minute's work for nothing.
LP_ESTIMATE_RATIO = 7
# Share of the time limit the linear relaxation may use; it runs beside the search. PDLP usually
# ends sooner, at its tolerance (see ``PDLP_TOLERANCE`` in :mod:`planner.lpbound`), and the search
# then takes the second core. On the 2,000-person sample PDLP ends after 44 to 54 s beside the
# search; the subgradient descent before it took 63 to 81 s to settle, and the solve reached a
# mean of 8,632 over four runs against 8,554 over three (seed 1).
LP_SHARE = 0.85
# Time kept after the neighbourhood search, for the bound job's last word and for explaining,
# checking and writing the plan: this share of the time limit, and at least this many seconds
# plus this many per person (a 20,000-person city needs about 6 s to write its plan; a
# 2,000-person one half a second).
TAIL_SHARE = 0.04
TAIL_SECONDS = 0.3
TAIL_PER_PERSON = 3e-4
# Of that, the time kept after the bound job's last word, for ending the job and for explaining
# and checking the plan: this many seconds plus this many per person; and the seconds a bound job
# told to stop has to end by itself before it is killed (its result is no longer wanted). A
# generated 5,001-person city given 10 s, whose relaxation was still being built, took 10.35 s
# when the wait kept 0.3 s and the job had half a second: 0.28 s to end it and 0.33 s for the plan.
LAST_WORD_SECONDS = 0.2
LAST_WORD_PER_PERSON = 1e-4
STOP_GRACE = 0.05
# Beyond this many people the instance is treated as a city: smaller neighbourhoods, and (where
# no bound job runs) its cheap bound computed beside the candidate generation.
CITY = 5000
# The candidate sessions kept: the best venues for each teacher, skill and start, and the best
# sessions for each teacher and skill. Cities once kept fewer (2 and 20, among each teacher's 6
# best venues); with these, in 600 s, the 2,000-person sample tiled ten times reached 82,975
# instead of 82,431 (generation and greedy plan in 83 s instead of 46 s, 1.3 GB instead of 0.8 GB
# per process) and a generated 20,000-person city 68,098 instead of 67,890.
VENUES_PER_START = 3
PER_PAIR = 40
# Of the starts of one teacher, skill and venue with the very same eligible learners, the list
# and the districts keep this many (see ``SAME_LEARNERS`` in :mod:`planner.lns`), so that the
# best few per pair differ in more than their start. Measured in 120 s: the 2,000-person sample,
# 8,752 and 8,758 (seeds 1 and 2) instead of 8,737 and 8,727, its districts reaching 8,334
# instead of 8,105; a generated 2,000-person city 7,309 instead of 7,295; the 200-person sample
# in 20 s, 803.0, 803.1 and 795.9 (seeds 1 to 3) against 805.5, 806.1 and 796.5, within the
# spread of its seeds.
LIST_SAME_LEARNERS = 1
# Time-limit shares after which the cheap bound stops testing shared times and places, and the
# candidate generation stops, so that a city-sized instance still gets its search in time.
CHEAP_SHARE = 0.1
GENERATE_SHARE = 0.4


# The default time limit at these sizes (people, seconds), straight lines between them: the
# benchmark's time limits, within which its goals are set.
DEFAULT_LIMITS = ((60, 5.0), (200, 20.0), (2_000, 120.0), (20_000, 600.0))


def default_time_limit(instance: Instance) -> float:
    """A time limit that grows with the instance: 5 s for a community of up to 60 people, 20 s
    for 200, 120 s for 2,000 and 600 s from 20,000 on (see :func:`time_limit_for`)."""
    return time_limit_for(len(instance.people))


def time_limit_for(n: int) -> float:
    """The default time limit for ``n`` people: ``DEFAULT_LIMITS``, and in between the straight
    line between its neighbours (300 people: 25.6 s)."""
    for (n0, t0), (n1, t1) in itertools.pairwise(DEFAULT_LIMITS):
        if n <= n1:
            return max(t0, t0 + (t1 - t0) * (n - n0) / (n1 - n0))
    return DEFAULT_LIMITS[-1][1]


class _LpJob:
    """The bound beside the search (Lagrangian or linear relaxation, see :func:`_lp_stages`), in a forked process.

    Building the relaxation and the Lagrangian steps are Python and NumPy work, and PDLP keeps the
    interpreter lock for the whole of its run: in the search's process they would hold it for most
    of the time the search needs, so the job runs in its own process
    (forked, so nothing is pickled but the result); where fork is not available it runs in a thread.
    The search's best score so far, which steers the Lagrangian bound's steps, is shared through ``best``.
    """

    def __init__(
        self,
        cp: Compiled,
        seconds: float,
        templates: list[Template] | None = None,
        guide_after: float = math.inf,
        *,
        relax_too: bool = False,
    ) -> None:
        self.result: LpBound | None = None
        # The templates the Lagrangian steps point at, sent once ``guide_after`` seconds have passed
        # (see :func:`planner.lagrange.template_bound`): indices into ``templates``.
        self.focus: list[int] | None = None
        self._done = False
        self._process: multiprocessing.process.BaseProcess | None = None
        self._thread: threading.Thread | None = None
        if "fork" in multiprocessing.get_all_start_methods():
            # Loaded before the fork, so that the child never needs the import lock another
            # thread of this process might hold at that moment.
            import highspy  # noqa: F401

            ctx = multiprocessing.get_context("fork")
            self._best: Any = ctx.Value("d", 0.0, lock=False)
            self.cancel: Any = ctx.Event()
            self._receive, send = ctx.Pipe(duplex=False)
            self._process = ctx.Process(
                target=_lp_child,
                args=(cp, seconds, templates, guide_after, relax_too, self._best, self.cancel, send),
                daemon=True,
            )
            self._process.start()
            send.close()
        else:
            self._best = _Box()
            self.cancel = threading.Event()
            highs = new_highs()
            self._thread = threading.Thread(
                target=self._run, args=(cp, seconds, templates, guide_after, relax_too, highs), daemon=True
            )
            self._thread.start()

    @property
    def best(self) -> float:
        """The best plan's score so far, as last set by the search."""
        return float(self._best.value)

    @best.setter
    def best(self, value: float) -> None:
        self._best.value = value

    def _run(  # noqa: PLR0917  # the thread's entry point, called with the job's context
        self,
        cp: Compiled,
        seconds: float,
        templates: list[Template] | None,
        guide_after: float,
        relax_too: bool,
        highs: object,
    ) -> None:
        def guide(focus: list[int]) -> None:
            self.focus = focus

        stages = _lp_stages(cp, seconds, templates, highs, self._best, self.cancel, guide, guide_after, relax_too)
        for bound in stages:
            self._keep(bound)

    def _keep(self, bound: LpBound | None) -> None:
        if bound is not None and (self.result is None or bound.value < self.result.value):
            self.result = bound

    def wait(self, seconds: float, *, for_focus: bool = False) -> LpBound | None:
        """The tightest bound ready within ``seconds`` (waiting no longer once every stage is done,
        or with ``for_focus``, once the templates to focus on have come)."""
        deadline = time.monotonic() + max(0.0, seconds)
        if self._process is not None:
            while not self._done and not (for_focus and self.focus is not None):
                if not self._receive.poll(max(0.0, deadline - time.monotonic())):
                    break
                try:
                    kind, part = self._receive.recv()
                except EOFError:
                    self._done = True
                    break
                if kind == "done":
                    self._done = True
                elif kind == "focus":
                    self.focus = part
                else:
                    self._keep(part)
            return self.result
        assert self._thread is not None
        while self._thread.is_alive() and not (for_focus and self.focus is not None):
            self._thread.join(min(0.05, max(0.0, deadline - time.monotonic())))
            if time.monotonic() >= deadline:
                break
        return self.result

    def finished(self) -> bool:
        """True once every stage is done (the bounds it sent are kept)."""
        self.wait(0.0)
        return self._done or (self._thread is not None and not self._thread.is_alive())

    def stop(self) -> None:
        """Cancel the computation and wait for it to end.

        Building the model and the Lagrangian steps stop at once; HiGHS and PDLP stop at their own
        time limit, which falls before the solve's. A thread left inside HiGHS would abort the
        process at exit, so the solve never returns while one runs; a process is ended outright.
        """
        self.cancel.set()
        if self._process is not None:
            end_process(self._process, STOP_GRACE)
            self._receive.close()
        elif self._thread is not None:
            self._thread.join()


class _Box:
    def __init__(self) -> None:
        self.value = 0.0


def _lp_stages(  # noqa: PLR0917  # private helper: the job's whole context
    cp: Compiled,
    seconds: float,
    templates: list[Template] | None,
    highs: object,
    best: Any,
    cancel: Any,
    guide: Callable[[list[int]], None] | None = None,
    guide_after: float = math.inf,
    relax_too: bool = False,
) -> Iterator[LpBound | None]:
    """The bounds the job computes, each proven, tightest last.

    With the complete template list (see ``COMPLETE_SEATS``): its Lagrangian bound
    (:mod:`planner.lagrange`), tighter there than the time-indexed relaxation (measured at 200
    people: 816 against 824, 754 against 766, 655 against 664). Where the steps guide the search,
    they end once they have sent their templates to ``guide``, and the program's own linear
    relaxation follows (:func:`planner.mip.first_order_bound`, the value the steps approach,
    reached sooner), or with ``relax_too`` the time-indexed one. Otherwise the time-indexed
    relaxation alone (:func:`planner.lpbound.lp_bound`, every row; PDLP beyond a few thousand
    columns, whose multipliers give a bound wherever it stops).
    """
    began = time.monotonic()
    if templates is not None:
        base = _pinned_state(cp)
        fixed = base.objective()
        value = template_bound(
            cp,
            base,
            templates,
            seconds=min(seconds, guide_after),
            target=lambda: float(best.value) - fixed,
            should_stop=cancel.is_set,
            guide=(
                lambda held, reduced: guide(
                    _pointed(templates, held, GUIDE_HELD, np.minimum(reduced, 0.0), FOCUS_TEMPLATES)
                )
            )
            if guide is not None
            else None,
            guide_after=guide_after,
        )
        yield None if value is None else LpBound(fixed + value, len(templates), 0, False, "lagrangian")
    left = seconds - (time.monotonic() - began)
    if left <= 0.1 or cancel.is_set():
        return
    if templates is not None and not relax_too:
        value = first_order_bound(cp, base, templates, left)
        yield None if value is None else LpBound(fixed + value, len(templates), 0, False, "template relaxation")
        return
    yield lp_bound(cp, _pinned_state(cp), time_limit=left, highs=highs, max_columns=LP_COLUMNS, cancel=cancel)


def _lp_child(  # noqa: PLR0917  # the forked process's entry point, called with the job's context
    cp: Compiled,
    seconds: float,
    templates: list[Template] | None,
    guide_after: float,
    relax_too: bool,
    best: Any,
    cancel: Any,
    send: Any,
) -> None:
    """The forked process of :class:`_LpJob`: compute the bounds and send each back, and the
    templates to focus on when they are ready."""
    die_with_parent()
    # The bound is optional: whatever goes wrong here, the search goes on without it.
    with contextlib.suppress(Exception):
        highs = new_highs()

        def guide(focus: list[int]) -> None:
            send.send(("focus", focus))

        for bound in _lp_stages(cp, seconds, templates, highs, best, cancel, guide, guide_after, relax_too):
            send.send(("bound", bound))
    send.send(("done", None))
    send.close()


class _Fork:
    """``target(*args)`` run in a forked process; its one result comes back through a pipe.

    With ``stream``, the target is called as ``target(*args, emit)`` and sends any number of parts
    through ``emit``; :meth:`parts` collects them. A process that is not ``daemon`` may fork
    processes of its own; it is ended like any other (see :meth:`stop`).
    """

    def __init__(self, target: Callable[..., Any], *args: Any, stream: bool = False, daemon: bool = True) -> None:
        ctx = multiprocessing.get_context("fork")
        self._receive, send = ctx.Pipe(duplex=False)
        self._process = ctx.Process(target=_forked, args=(target, args, send, stream), daemon=daemon)
        self._process.start()
        send.close()

    def result(self, seconds: float | None = None) -> Any:
        """The result, waiting for it at most ``seconds`` (None: until it comes); None if the
        process failed or was not done in time. The process is ended either way."""
        value = None
        with contextlib.suppress(EOFError, OSError):
            if seconds is None or self._receive.poll(max(0.0, seconds)):
                value = self._receive.recv()
        self.stop(grace=1.0 if value is not None else 0.0)
        return value

    def parts(self, seconds: float, each: Callable[[Any], bool]) -> None:
        """Pass every part the process sends to ``each`` until it ends, ``each`` returns True or
        ``seconds`` have passed; the process is then ended, whatever it is doing."""
        deadline = time.monotonic() + max(0.0, seconds)
        ended = False
        try:
            while self._receive.poll(max(0.0, deadline - time.monotonic())):
                if each(self._receive.recv()):
                    break
        except EOFError:
            # The pipe closed: the process is ending by itself.
            ended = True
        except OSError:
            pass
        self.stop(grace=1.0 if ended else 0.0)

    def stop(self, grace: float = 0.0) -> None:
        """End the process, after ``grace`` seconds for it to end by itself."""
        end_process(self._process, grace)
        self._receive.close()


def _forked(target: Callable[..., Any], args: tuple[Any, ...], send: Any, stream: bool) -> None:
    """The forked process of :class:`_Fork`: whatever goes wrong, the solve goes on without it."""
    die_with_parent()
    with contextlib.suppress(Exception):
        if stream:
            target(*args, send.send)
        else:
            send.send(target(*args))
    send.close()


def _can_fork() -> bool:
    """True when a forked process can run beside this one on a core of its own."""
    # The cores this process may run on (a container or ``taskset`` may allow fewer than the machine has).
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    return "fork" in multiprocessing.get_all_start_methods() and cores >= 2


def _complete_seats(n_people: int, time_limit: float) -> int:
    """The most seats a complete template list may hold to be built (see ``COMPLETE_SEATS``)."""
    if n_people <= HEURISTIC_PEOPLE:
        return COMPLETE_SEATS
    return min(COMPLETE_SEATS, max(EXACT_SEATS, int(LAGRANGIAN_SEATS * time_limit)))


def _relaxation_fits(cp: Compiled, state: State) -> bool:
    """Whether the time-indexed relaxation of completing ``state`` fits within ``LP_COLUMNS``, told
    from its quick estimate (see ``LP_ESTIMATE_RATIO``)."""
    return lp_size(cp, state) * LP_ESTIMATE_RATIO <= LP_COLUMNS


def _pinned_state(cp: Compiled) -> State:
    st = State(cp)
    for p in cp.instance.pinned:
        s, T, ls, v, t = cp.session_indices(p)
        st.add(Chosen(s, T, tuple(ls), v, t, pinned=True))
    return st


def _to_plan(  # noqa: PLR0917  # private helper called once, every argument is a distinct part of the plan
    cp: Compiled,
    state: State,
    bounds: dict[str, float],
    clock: Clock,
    method: str,
    proved: bool,
    seed: int,
    unserved: tuple[object, ...],
    notes: list[str],
) -> Plan:
    sessions = sorted(state.sessions.values(), key=lambda c: (c.start, cp.venue_ids[c.venue], cp.person_ids[c.teacher]))
    teaching: set[int] = set()
    out = tuple(explain(cp, c, teaching) for c in sessions)
    draft = Plan(out)
    score = check(cp.instance, draft).score
    finite = [b for b in bounds.values() if math.isfinite(b)]
    # Bounds are proven up to float summation error; round up so the claim stays true.
    ub = math.ceil((min(finite) if finite else math.inf) * 1e6 + 1) / 1e6 if finite else None
    if ub is not None and ub < score:
        ub = score
    stats = Stats(
        seconds=clock.elapsed(),
        solver="sebaya-planner (greedy + HiGHS branch and cut + OR-Tools CP-SAT)",
        proved_optimal=proved,
        method=method,
        seed=seed,
        bounds=tuple(sorted(bounds.items())),
        unserved=tuple(u for u in unserved),  # type: ignore[misc]
        notes=tuple(notes),
    )
    return Plan(out, score, ub, stats)


def solve(instance: Instance, *, time_limit: float, seed: int = 0, progress: Progress | None = None) -> Plan:
    """Plan the week: always a valid plan, the best found within ``time_limit`` seconds.

    The plan's ``score`` is the checker's recomputation and ``upper_bound`` the tightest proven
    bound found. A given seed (and time limit) gives the same plan whenever the branch and cut
    proves optimality (it follows one path on every run) or, on larger instances, the
    neighbourhood search ends on its deterministic work budget; a branch and cut that the time
    limit cuts short, or a machine so slow that the wall-clock safety stop ends the search, may
    end at another point.
    ``progress(fraction_done, best_score)`` is called now and then.
    """
    clock = Clock(time_limit)
    cp = compile_instance(instance)
    state = _pinned_state(cp)
    n_people = len(cp.person_ids)
    city = n_people > CITY
    most = _complete_seats(n_people, time_limit)
    templates = generate(cp, state, range(n_people), seat_limit=most) if n_people <= COMPLETE_PEOPLE else []
    seats = sum(len(t.learners) for t in templates)
    if seats > most:
        # Cut short: not complete, so of no use to the exact model or the bound.
        templates, seats = [], 0
    # A complete template list of community size goes to branch and cut, whose root relaxation is
    # a far tighter bound than the separate linear relaxation. That relaxation still runs beside
    # the larger programs, whose root may not be solved within the time limit.
    exact = (
        0 < len(templates) <= EXACT_TEMPLATES
        and seats <= EXACT_SEATS
        and (len(templates) <= ROOT_ALONE or n_people <= RELAXED_PEOPLE)
    )
    # The complete list, kept for the Lagrangian bound (the search may go on with a shorter one).
    complete = templates if templates else None
    # With a complete list, the Lagrangian bound unless the branch and cut's own bound will do;
    # without, the time-indexed relaxation where it fits.
    bound_job = (not exact or len(templates) > ROOT_ALONE) if complete is not None else _relaxation_fits(cp, state)
    # A complete program too large for branch and cut: the Lagrangian steps point the search at
    # templates worth a branch and cut of their own.
    guided = bound_job and complete is not None and not exact
    # Too many seats for the Lagrangian steps to settle in the time: they run until they have
    # pointed at their templates, and the time-indexed relaxation gets the rest of the job's time.
    relax_too = guided and seats > LAGRANGIAN_SEATS * time_limit and _relaxation_fits(cp, state)
    lp_job = (
        _LpJob(
            cp,
            LP_SHARE * time_limit,
            complete,
            GUIDE_AT * time_limit - clock.elapsed() if guided else math.inf,
            relax_too=relax_too,
        )
        if bound_job
        else None
    )
    report: Progress = _forward(progress) if progress is not None else (lambda f, s: None)
    if lp_job is not None:
        user_report = report

        def report(done: float, best: float) -> None:
            """Pass progress on, and tell the Lagrangian bound's steps the best score so far."""
            lp_job.best = best
            user_report(done, best)

    def cheap_stop() -> bool:
        """True once the cheap bound's share of the time is spent."""
        return clock.elapsed() > CHEAP_SHARE * time_limit

    # A city's cheap bound takes seconds (3.2 s at 20,000 people; 22 s when each wish sorted its
    # teachers, so that a 10 s limit ended after 34 s); with no bound job on the second core it
    # runs there, beside the candidate generation and the greedy plan.
    cheap_job = (
        _Fork(functools.partial(cheap_bound, should_stop=cheap_stop), cp, state)
        if city and lp_job is None and _can_fork()
        else None
    )
    cheap = cheap_bound(cp, state, should_stop=cheap_stop) if cheap_job is None else None
    bounds: dict[str, float] = {} if cheap is None else {"cheap": cheap.value}
    notes: list[str] = []

    cut: list[bool] = []
    index: SkillIndex | None = None
    if not exact:
        index = SkillIndex(cp)

        def stop_generating() -> bool:
            """True once the generation's share of the time is spent (and remembers it)."""
            if not cut and clock.elapsed() > GENERATE_SHARE * time_limit:
                cut.append(True)
            return bool(cut)

        templates = generate(
            cp,
            state,
            range(n_people),
            index=index,
            venues_per_start=VENUES_PER_START,
            per_pair=PER_PAIR,
            same_learners=LIST_SAME_LEARNERS,
            should_stop=stop_generating,
        )
    kept = keep_previous(cp, state)
    greedy_fill(cp, state, templates, should_stop=lambda: clock.left() < 0.05 * time_limit)
    if kept:
        # Last plan is the start, unless the greedy plan alone is better (a plan made before the
        # community changed much). On the 2,000-person sample re-planned around its own plan,
        # the greedy plan alone gave 9,035 in 120 s where keeping every session gives 9,316.
        fresh = _pinned_state(cp)
        greedy_fill(cp, fresh, templates, should_stop=lambda: clock.left() < 0.05 * time_limit)
        if fresh.objective() > state.objective() + 1e-9:
            state = fresh
        else:
            notes.append(f"started from last plan: {kept} of its {len(cp.instance.previous)} sessions kept")
    if cut and index is not None:
        # The generation ran out of time: the teachers it never reached get a first-fit session.
        reached = max((t.teacher for t in templates), default=-1)
        added = first_fit_fill(
            cp, state, range(reached + 1, n_people), index, should_stop=lambda: clock.left() < 0.3 * time_limit
        )
        notes.append(f"candidate generation cut short after {reached + 1} people; first fit placed {added} sessions")
    best = state.objective()
    report(0.1, best)
    proved = False
    searched = False
    method = "greedy"
    # Building the program takes about 50 microseconds per template on a busy machine.
    if exact and len(templates) > ROOT_ALONE and clock.left() > 0.3 + 1e-4 * len(templates):
        state, best, method = _relaxed_branch_and_cut(cp, state, templates, clock, time_limit, bounds, report)
    elif exact and clock.left() > 0.3 + 1e-4 * len(templates):
        method = "branch and cut (HiGHS)"
        # HiGHS checks its time limit now and then: on the 60-person sample it came back 0.3 to
        # 0.65 s late (in its presolve, which calls no callback either). The margin keeps most
        # solves within their limit and leaves branch and cut the time to prove generated
        # 60-person communities, which took 4 to 4.4 s on a slow machine.
        deadline = time_limit - 0.3 - 4e-5 * len(templates)
        # The second core is idle beside branch and cut unless a bound job runs: it searches for
        # a plan of its own, which the time limit may leave branch and cut short of on a hard
        # community (the 60-person sample: 189.3 in 5 s from branch and cut alone).
        rival = None
        if lp_job is None and _can_fork():
            # Loaded before the fork, as for the bound job (branch and cut needs it next anyway).
            import highspy  # noqa: F401

            rival = _Fork(_rival_plan, cp, state, templates, clock, seed, deadline, stream=True, daemon=False)
        try:
            # Apart, so that a presolve that heeds no time limit (4 s on the 60-person sample on a
            # slow machine) is ended in time; until then a run past its deadline may still end by
            # itself, with its proof (a generated 60-person community, proved at 4.15 s of 4.3).
            state, best, proved = _branch_and_cut(
                cp,
                state,
                templates,
                clock,
                bounds,
                report,
                deadline=deadline,
                apart=rival is not None,
                grace=max(APART_GRACE, time_limit - END_MARGIN - deadline),
            )
            if rival is not None and not proved:
                found = _rival_result(cp, rival, clock.start + deadline, bounds)
                # The search beside has had its time: the few tenths of a second left are not
                # searched again.
                searched = found is not None
                if found is not None and found.objective() > best + 1e-9:
                    notes.append(f"the search beside branch and cut found {found.objective():.2f} (against {best:.2f})")
                    state, best = found, found.objective()
                    method = "branch and cut (HiGHS) + large-neighbourhood search beside it (CP-SAT)"
                proved = best >= bounds.get("branch and cut", math.inf) - 1e-6
        finally:
            if rival is not None:
                rival.stop()
    elif not exact and (n_people <= HEURISTIC_PEOPLE or complete is not None):
        # A few hundred people, or a complete program: HiGHS's heuristics (feasibility jump above
        # all) on the best few sessions per teacher and skill make a far better start for the
        # neighbourhood search than the greedy plan (the 200-person sample: 779 against 658
        # before the search). A larger short list (most complete programs beyond 400 people) is
        # left to the search.
        short = generate(
            cp,
            _pinned_state(cp),
            range(n_people),
            index=index,
            venues_per_start=2,
            per_pair=20,
            same_learners=LIST_SAME_LEARNERS,
        )
        if sum(len(t.learners) for t in short) <= EXACT_SEATS:
            method = "greedy + HiGHS heuristics"
            state, best, _ = _branch_and_cut(
                cp,
                state,
                short,
                clock,
                None,
                report,
                # Only a run apart can be ended at its first better plan; in this process HiGHS
                # keeps its share.
                deadline=(HEURISTIC_STRETCH if _can_fork() else 1.0) * HEURISTIC_SHARE * time_limit,
                presolve=False,
                first_better=True,
            )
    elif not exact and _can_fork():
        best, planned = _by_district(cp, state, clock, DISTRICT_UNTIL * time_limit, report, notes)
        if planned:
            method = "greedy + HiGHS heuristics by district"
    # A neighbourhood as large as the instance would only re-solve the exact model with other
    # seeds, and end on the wall clock rather than on its work budget: the plan would then depend
    # on how busy the machine is.
    whole = method != "greedy" and n_people <= NEIGHBOURHOOD
    if not proved and not whole and not searched and clock.left() > 0.5:
        before = "greedy + branch and cut (HiGHS)" if method == "branch and cut (HiGHS)" else method
        method = f"{before} + large-neighbourhood search (CP-SAT)"
        tail = max(TAIL_SHARE * time_limit, TAIL_SECONDS + TAIL_PER_PERSON * n_people)
        share = max(0.0, clock.left() - tail) / clock.left()
        hood_size = CITY_NEIGHBOURHOOD if city else NEIGHBOURHOOD
        search_on = functools.partial(
            search,
            cp,
            clock=clock,
            report=report,
            notes=notes,
            hood_size=hood_size,
            step_limit=CITY_LNS_STEP if city else LNS_STEP,
            # The second core is free when no bound job runs, or once it is done (a 2,000-person
            # relaxation may be solved in half the time); neighbourhoods of a small instance would
            # overlap too often for two searchers.
            second_core=(lambda: lp_job is None or lp_job.finished())
            if n_people >= SEARCHERS_APART * hood_size and _can_fork()
            else None,
        )
        search_seed = seed
        if guided and lp_job is not None and complete is not None and clock.elapsed() < GUIDE_AT * time_limit:
            until = GUIDE_AT * time_limit
            search_on(state=state, seed=seed, share=(until - clock.elapsed()) / clock.left())
            lp_job.wait(until + GUIDE_WAIT * time_limit - clock.elapsed(), for_focus=True)
            if lp_job.focus is not None:
                before_focus = state.objective()
                focus = [complete[i] for i in lp_job.focus]
                # First the seeded runs (see ``JUMPS``), as the time allows, then branch and cut.
                end = GUIDE_END * time_limit

                def jump(current: State, jump_seed: int, until: float, *, start: bool = True) -> tuple[State, float]:
                    """One seeded run, ended at its first better plan or once its feasibility jump
                    is over, and at the latest ``JUMP_SECONDS`` before ``until``."""
                    return _branch_and_cut(
                        cp,
                        current,
                        focus,
                        clock,
                        None,
                        report,
                        deadline=until - JUMP_SECONDS,
                        apart=True,
                        grace=0.0,
                        first_better=True,
                        jump_only=True,
                        seed=jump_seed,
                        start=start,
                    )[:2]

                for jump_seed in range(1, JUMPS + 1):
                    if clock.elapsed() + 2 * JUMP_SECONDS <= end:
                        state, best = jump(state, jump_seed, end)
                # Apart: its presolve heeds no time limit (see ``FOCUS_HELD``).
                state, best, _ = _branch_and_cut(cp, state, focus, clock, None, report, deadline=end, apart=True)
                # Nothing found: seeded runs without the plan as their start (see ``RETRY_END``).
                retries = 0
                while (
                    best <= before_focus + 1e-9
                    and retries < JUMPS
                    and clock.elapsed() + 2 * JUMP_SECONDS <= RETRY_END * time_limit
                ):
                    retries += 1
                    state, best = jump(state, JUMPS + retries, RETRY_END * time_limit, start=False)
                if retries:
                    notes.append(
                        f"{retries} seeded runs without the plan as their start: {before_focus:.2f} to {best:.2f}"
                    )
                method = f"{method}, with branch and cut (HiGHS) on the Lagrangian bound's templates"
                notes.append(
                    f"branch and cut on the {len(lp_job.focus)} templates the Lagrangian bound points at, "
                    f"at {GUIDE_AT * time_limit:.1f} s: {before_focus:.2f} to {best:.2f}"
                )
            else:
                notes.append("the Lagrangian bound's templates did not come in time")
            share = max(0.0, clock.left() - tail) / clock.left()
            search_seed += SECOND_SEED
        # Not bound above: branch and cut may have put a plan of its own in place of the one searched.
        best = search_on(state=state, seed=search_seed, share=share)
    if lp_job is not None:
        lp = lp_job.wait(clock.left() - LAST_WORD_SECONDS - LAST_WORD_PER_PERSON * len(cp.person_ids))
        if lp is not None:
            bounds[lp.kind] = lp.value
        else:
            notes.append(("linear relaxation" if complete is None else "Lagrangian bound") + " not finished in time")
        lp_job.stop()
    if cheap_job is not None:
        # Long done by now (it stops testing shared times at a tenth of the limit); a process that
        # hangs is not waited for past the time limit.
        cheap = cheap_job.result(max(1.0, clock.left()))
        if not isinstance(cheap, CheapBound):
            # The process failed, or was not done by the time limit (a 20,000-person city given
            # 10 s): the bound is computed here, hurried since the time is up (0.3 s at 20,000).
            cheap = cheap_bound(cp, _pinned_state(cp), should_stop=lambda: clock.left() < 0)
        bounds["cheap"] = cheap.value
    assert cheap is not None
    if _reaches(state.objective(), bounds):
        proved = True
    plan = _to_plan(cp, state, bounds, clock, method, proved, seed, cheap.unserved, notes)
    report(1.0, plan.score if plan.score is not None else best)
    return plan


def _relaxed_branch_and_cut(  # noqa: PLR0917  # private helper: the solve's context
    cp: Compiled,
    state: State,
    templates: list[Template],
    clock: Clock,
    time_limit: float,
    bounds: dict[str, float],
    report: Progress,
) -> tuple[State, float, str]:
    """For a complete program too large for branch and cut within the time limit: its linear
    relaxation (a bound, kept in ``bounds``), then branch and cut on the templates the relaxation
    points at (see :func:`_focus`); returns the better plan, its objective and the method.

    Branch and cut on the whole program found no better plan than the greedy one within 3 s on
    variations of the 60-person sample (5,400 to 5,900 templates), and its presolve overran its
    deadline; where the relaxation is not solved in its share of the time, the neighbourhood
    search gets the time instead. With time to spare, the whole program comes after all,
    started from the plan of the relaxation's templates (see ``WHOLE_AFTER``).
    """
    relaxation = _relaxation(cp, templates, clock.start + RELAX_SHARE * time_limit)
    if relaxation is None:
        return state, state.objective(), "greedy"
    bounds["branch and cut"] = relaxation.bound
    method = "greedy + branch and cut (HiGHS) on the linear relaxation's templates"
    # With time to spare after the relaxation, the templates it points at get a share of it, and
    # branch and cut on the whole program, started from their plan, the rest.
    whole = clock.elapsed() < WHOLE_AFTER * time_limit
    focus_deadline = clock.elapsed() + FOCUS_SHARE * time_limit if whole else ROOT_SHARE * time_limit
    state, best, _ = _branch_and_cut(
        cp, state, _focus(templates, relaxation, FOCUS_TEMPLATES), clock, None, report, deadline=focus_deadline
    )
    if whole and clock.elapsed() < ROOT_SHARE * time_limit:
        # Apart, as its presolve heeds no time limit: on a 60-person community carved from the
        # 2,000-person sample (6,104 templates) a run given 3.1 s took 4.4 s, and the solve 5.3 s.
        state, best, _ = _branch_and_cut(
            cp, state, templates, clock, bounds, report, deadline=ROOT_SHARE * time_limit, apart=True
        )
        method = f"{method}, then on all of them"
    return state, best, method


def _branch_and_cut(  # noqa: PLR0917  # private helper called from two places with the solver's context
    cp: Compiled,
    state: State,
    templates: list[Template],
    clock: Clock,
    bounds: dict[str, float] | None,
    report: Progress,
    *,
    deadline: float,
    presolve: bool = True,
    apart: bool = False,
    grace: float = APART_GRACE,
    first_better: bool = False,
    jump_only: bool = False,
    seed: int = 0,
    start: bool = True,
) -> tuple[State, float, bool]:
    """Solve the program of ``templates`` with HiGHS until ``deadline`` (seconds into the solve),
    hinted with ``state``; returns the better plan, its objective and whether it is proven optimal.

    With ``bounds``, the list is complete and the program's proven bound is recorded there;
    without, the list is a selection whose program bounds only itself, and no bound is kept.
    HiGHS without presolve, or ``apart``, runs in a forked process ended ``grace`` seconds after
    the deadline (see :func:`_mip_apart`), or with ``first_better`` as soon as it sends a plan
    better than ``state`` (a run in this process ignores ``first_better``), and with ``jump_only``
    too once its feasibility jump is over. ``seed`` is HiGHS's. Without ``start`` (a run apart
    only), HiGHS is not given ``state`` as its starting solution, and its feasibility jump builds a
    plan from nothing.
    """
    base = _pinned_state(cp)
    base_value = base.objective()
    hint = [c for c in state.sessions.values() if not c.pinned]
    have = {(t.skill, t.teacher, t.venue, t.start) for t in templates}
    # Every hinted session is a template, so that the hint is a complete starting solution.
    templates = templates + [template_of(cp, c) for c in hint if (c.skill, c.teacher, c.venue, c.start) not in have]

    # A run without a start finds worse plans than ``state`` first: the best so far is not one.
    floor = state.objective()

    def found(value: float) -> None:
        report(_done(clock), max(floor, base_value + value))

    if (presolve and not apart) or not _can_fork():
        res = solve_mip(
            cp,
            base,
            templates,
            hint=hint,
            deadline=clock.start + deadline,
            on_solution=found,
            presolve=presolve,
            seed=seed,
        )
    else:
        res = _mip_apart(
            cp,
            base,
            templates,
            hint if start else [],
            clock.start + deadline,
            found,
            presolve=presolve,
            grace=grace,
            beyond=state.objective() - base_value if first_better else None,
            seed=seed,
            jump_only=jump_only,
        )
    if res is None:
        return state, state.objective(), False
    if base_value + res.value > state.objective() + 1e-9:
        valid = _valid_plan(cp, res.sessions)
        # The program's rows are the hard rules: a solution that broke one would mean a wrong
        # program, so neither it nor its bound is taken, and the greedy plan stays.
        if valid is None:
            return state, state.objective(), False
        state = valid
    best = state.objective()
    if bounds is None:
        return state, best, False
    if res.bound is not None:
        # Kept only where tighter than a bound of the same program found before (its relaxation).
        bounds["branch and cut"] = min(base_value + res.bound, bounds.get("branch and cut", math.inf))
    return state, best, res.optimal and best >= base_value + res.value - 1e-9


def _mip_apart(  # noqa: PLR0917  # private helper: the run's whole context
    cp: Compiled,
    base: State,
    templates: list[Template],
    hint: list[Chosen],
    deadline: float,
    found: Callable[[float], None],
    *,
    presolve: bool = False,
    grace: float = 0.0,
    beyond: float | None = None,
    seed: int = 0,
    jump_only: bool = False,
) -> SubResult | None:
    """:func:`solve_mip` in a forked process that is ended ``grace`` seconds after ``deadline`` (a
    :func:`time.monotonic` instant) whatever it is doing: its result if it ended by then (with
    the program's bound), else the best plan it sent with the tightest bound it sent (none before
    its root relaxation is solved). With ``beyond``, it is ended
    as soon as it sends a plan worth more than that; with ``jump_only`` too, once its feasibility
    jump is over (its first log line, or without ``hint`` its second: HiGHS first logs the
    trivial empty plan then).

    HiGHS heeds its time limit only now and then: without presolve, neither it nor the interrupt
    callback in parts of its root node (a 1 s limit on the 60-person sample ended after 4.4 s, a
    3 s limit on the 200-person sample after 12 s); with presolve, not during the presolve.
    """
    last: list[SubResult] = []
    # The tightest bound it sent, kept should it be ended before its result.
    bound: list[float] = []
    # Its log lines so far: without a start, the first is the trivial empty plan's.
    lines: list[int] = []

    def each(part: tuple[Any, ...]) -> bool:
        kind, *rest = part
        if kind == "bound":
            bound[:] = rest
            return False
        if kind == "plan":
            sessions, value = rest
            last.append(SubResult(tuple(sessions), value, None, False, 0.0, 0.0))
            found(value)
            return beyond is not None and value > beyond + 1e-7
        if kind == "log":
            lines.append(1)
            return jump_only and len(lines) >= (1 if hint else 2)
        if rest[0] is not None:
            last.append(rest[0])
        return False

    run = _Fork(_mip_parts, cp, base, templates, hint, deadline, presolve, seed, jump_only, stream=True)
    run.parts(deadline + grace - time.monotonic(), each)
    if not last:
        return None
    if last[-1].bound is None and bound:
        return dataclasses.replace(last[-1], bound=bound[0])
    return last[-1]


def _mip_parts(  # noqa: PLR0917  # the forked process's entry point, called with the run's context
    cp: Compiled,
    base: State,
    templates: list[Template],
    hint: list[Chosen],
    deadline: float,
    presolve: bool,
    seed: int,
    jump_only: bool,
    emit: Any,
) -> None:
    """The forked process of :func:`_mip_apart`: send each plan (and with ``jump_only`` each log
    line), then the result."""
    res = solve_mip(
        cp,
        base,
        templates,
        hint=hint,
        deadline=deadline,
        presolve=presolve,
        on_plan=lambda sessions, value: emit(("plan", sessions, value)),
        seed=seed,
        on_log=(lambda: emit(("log",))) if jump_only else None,
        on_bound=lambda bound: emit(("bound", bound)),
    )
    emit(("done", res))


def _by_district(  # noqa: PLR0917  # private helper: the solve's context
    cp: Compiled, state: State, clock: Clock, until: float, report: Progress, notes: list[str]
) -> tuple[float, int]:
    """Improve ``state`` in place one district at a time (see :func:`planner.lns.districts`):
    HiGHS's heuristics re-plan the sessions its people teach, on the best few candidates per
    teacher and skill, each district for an equal share of the time up to ``until`` (seconds into
    the solve). Returns the objective and how many districts were re-planned (none when the time
    is too short for one)."""
    parts = districts(cp, max(2, round(len(cp.person_ids) / DISTRICT_PEOPLE)))
    before = best = state.objective()
    planned = 0
    for i, hood in enumerate(parts):
        share = (until - clock.elapsed()) / (len(parts) - i)
        if share < DISTRICT_SECONDS:
            break
        # A district ends with the first better plan (feasibility jump's, before the root
        # relaxation, which comes too late to help): 3.6 s on the sample's first district on a slow
        # machine, where ending at its share (3.8 s, the fork included) re-planned no district; 2 s
        # on a faster one. What those ended sooner leave goes to the rest.
        allowed = min(DISTRICT_STRETCH * share, until - clock.elapsed())
        planned += 1
        with freed(
            cp, state, hood, venues_per_start=2, per_pair=DISTRICT_PER_PAIR, same_learners=LIST_SAME_LEARNERS
        ) as f:
            rest = best - f.value

            def found(value: float, rest: float = rest) -> None:
                report(_done(clock), rest + value)

            res = _mip_apart(cp, state, f.templates, f.removed, time.monotonic() + allowed, found, beyond=f.value)
        # The sessions' own rules are checked as for any plan of HiGHS's; the rules between them
        # and the rest of the plan, as for any move.
        if res is not None and res.value > f.value + 1e-7 and _valid_plan(cp, res.sessions) is not None:
            gain = apply(state, Move(tuple(f.removed), res.sessions))
            if gain is not None:
                best += gain
        report(_done(clock), best)
    if planned:
        notes.append(f"HiGHS heuristics in {planned} of {len(parts)} districts: {before:.2f} to {best:.2f}")
    return best, planned


def _reaches(value: float, bounds: dict[str, float]) -> bool:
    """True when a plan of this ``value`` reaches one of the proven ``bounds``, so that nothing
    better exists; branch and cut's bound within the margin it carries for HiGHS's tolerances, as
    its own proof is (a plan the search found on a 60-person community, 188.3, against branch and
    cut's bound of 188.300191, was not reported optimal before)."""
    margin = {"branch and cut": BOUND_MARGIN * (1.0 + abs(value))}
    return any(bound <= value + 1e-6 + margin.get(kind, 0.0) for kind, bound in bounds.items())


def _valid_plan(cp: Compiled, sessions: Iterable[Chosen]) -> State | None:
    """The plan of the pinned sessions and ``sessions``, or None if it breaks a hard rule."""
    found = _pinned_state(cp)
    for c in sessions:
        found.add(c)
    if check(cp.instance, Plan(tuple(_session(cp, c) for c in found.sessions.values()))).errors:
        return None
    return found


def _rival_result(cp: Compiled, rival: _Fork, until: float, bounds: dict[str, float]) -> State | None:
    """The last plan the search beside branch and cut sent by ``until`` (a :func:`time.monotonic`
    instant), checked (None without one); its bound, when tighter, goes into ``bounds``."""
    theirs: list[list[Chosen]] = []

    def each(part: tuple[str, Any]) -> bool:
        kind, value = part
        if kind == "plan":
            theirs.append(value)
        else:
            # Both bounds are of the same complete program.
            bounds["branch and cut"] = min(value, bounds.get("branch and cut", math.inf))
        return False

    rival.parts(until - time.monotonic(), each)
    return _valid_plan(cp, theirs[-1]) if theirs else None


def _rival_plan(  # noqa: PLR0917  # the forked process's entry point, called with the solve's context
    cp: Compiled,
    state: State,
    templates: list[Template],
    clock: Clock,
    seed: int,
    deadline: float,
    emit: Callable[[tuple[str, Any]], None],
) -> None:
    """A plan searched beside branch and cut, by ``deadline`` (seconds into the solve): the
    program's linear relaxation, then branch and cut on the templates it points at (those it
    holds and the ones whose reduced profit is nearest zero), then the neighbourhood search.

    Each better plan is sent through ``emit`` as it is found, so that a search the deadline
    catches (on a busy machine) still gives what it had; so is the relaxation's bound (branch
    and cut, whose presolve alone took 3 s on the 60-person sample, may have none by its
    deadline).
    """
    limit = clock.limit
    relaxation = _relaxation(cp, templates, clock.start + min(RIVAL_FOCUS * limit, deadline - RIVAL_MARGIN))
    if relaxation is not None:
        emit(("bound", relaxation.bound))
        state, _, _ = _branch_and_cut(
            cp,
            state,
            _focus(templates, relaxation, RIVAL_TEMPLATES),
            clock,
            None,
            _ignore,
            deadline=min(
                max(RIVAL_FOCUS * limit, clock.elapsed() + RIVAL_FOCUS_LEAST * limit), deadline - RIVAL_MARGIN
            ),
        )
    emit(("plan", [c for c in state.sessions.values() if not c.pinned]))
    last = [state.objective()]

    def improved(done: float, best: float) -> None:
        if best > last[0] + 1e-9:
            last[0] = best
            emit(("plan", [c for c in state.sessions.values() if not c.pinned]))

    share = max(0.0, deadline - RIVAL_MARGIN - clock.elapsed()) / max(clock.left(), 1e-9)
    if share > 0:
        search(
            cp,
            state,
            clock,
            seed,
            improved,
            [],
            share=share,
            # Never the whole instance, which would only repeat branch and cut.
            hood_size=min(RIVAL_NEIGHBOURHOOD, 2 * len(cp.person_ids) // 3),
            step_limit=RIVAL_STEP,
            second_core=None,
        )


def _relaxation(cp: Compiled, templates: list[Template], until: float) -> Relaxation | None:
    """The complete program's linear relaxation (see :func:`planner.mip.relax`), solved by
    ``until`` (a :func:`time.monotonic` instant), with its bound on the whole plan's score (the
    pinned sessions' value included); beyond ``INTERIOR_PEOPLE`` people by the interior point
    method."""
    base = _pinned_state(cp)
    relaxation = relax(cp, base, templates, deadline=until, interior=len(cp.person_ids) > INTERIOR_PEOPLE)
    if relaxation is None:
        return None
    return dataclasses.replace(relaxation, bound=base.objective() + relaxation.bound)


def _focus(templates: list[Template], relaxation: Relaxation, nearest: int) -> list[Template]:
    """The templates a linear relaxation points at: those it holds, and the ``nearest`` whose reduced
    profit is nearest zero (``FOCUS_TEMPLATES``, or ``RIVAL_TEMPLATES`` beside branch and cut).

    Many templates tie at a reduced profit of zero (1,700 of 4,900 on the 60-person sample);
    among them, those whose best group is worth most come first. Ranked by reduced profit alone,
    in whatever order the tie left them, the sample's 300 gave 195.12 where these gave 197.08.
    """
    return [templates[i] for i in _pointed(templates, relaxation.held, 1e-6, relaxation.reduced, nearest)]


def _pointed(
    templates: list[Template],
    held: NDArray[np.float64],
    least: float,
    reduced: NDArray[np.float64],
    nearest: int,
) -> list[int]:
    """The indices of the templates ``held`` at more than ``least`` (at most ``FOCUS_HELD``, the
    most held), and of the ``nearest`` whose ``reduced`` profit (zero or less) is nearest zero,
    ties to those whose best group is worth most."""
    chosen = np.zeros(len(templates), dtype=np.bool_)
    over = np.flatnonzero(held > least)
    chosen[over[np.argsort(-held[over], kind="stable")[:FOCUS_HELD]]] = True
    estimate = np.array([t.estimate for t in templates])
    chosen[np.lexsort((-estimate, -np.round(reduced, 9)))[:nearest]] = True
    return [int(i) for i in np.flatnonzero(chosen)]


def _done(clock: Clock) -> float:
    """The fraction done to report while HiGHS works: after the first tenth (the greedy plan),
    the time spent, up to 95 % (the rest is for the search and the plan's writing)."""
    return min(0.95, 0.1 + clock.elapsed() / clock.limit)


def _forward(progress: Progress) -> Progress:
    """``progress`` as the solve's steps report it, except that the fraction done never goes back
    (each step counts its own share, and the search's starts lower than HiGHS's may end)."""
    furthest = [0.0]

    def report(done: float, best: float) -> None:
        furthest[0] = max(furthest[0], done)
        progress(furthest[0], best)

    return report


def _ignore(done: float, best: float) -> None:
    """Progress nobody follows."""


def _session(cp: Compiled, c: Chosen) -> Session:
    return Session(
        cp.skill_ids[c.skill],
        cp.person_ids[c.teacher],
        tuple(cp.person_ids[ln] for ln in c.learners),
        cp.venue_ids[c.venue],
        c.start,
    )
