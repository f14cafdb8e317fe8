"""The score: a weighted sum of criteria, each in [0, 1]. docs/matching.md says it in words.

Every criterion is a plain function over candidate columns, so it can be tested with
hand-computed values and property-tested for its invariants.
"""

from dataclasses import asdict, dataclass
from functools import lru_cache

import numpy as np
from rapidfuzz import fuzz, process, utils

from matching.vocabulary import UNCERTIFIED

CRITERIA = ("job_fit", "travel", "level", "timing", "network", "places")

NEUTRAL_FIT = 0.5  # a youth with no wish: every job is as good as another...
DISCOVERY_FIT = 0.7  # ...but an immersion is how one discovers a job
TEXT_FIT_MAX = 0.4  # a title that merely resembles the wish never beats a ROME match
TEXT_CUTOFF = 50.0
SOON_DAYS, LATE_DAYS = 30, 180
FULL_PLACES = 5
# Places a session whose feed does not state them is ranked as having: room, not known to be plenty.
UNSTATED_PLACES = 3


@dataclass(frozen=True)
class Weights:
    """Default weights: what advisers told us matters, in order (see docs/matching.md)."""

    job_fit: float = 0.35
    travel: float = 0.20
    level: float = 0.15
    timing: float = 0.12
    network: float = 0.10
    places: float = 0.08

    def as_array(self) -> np.ndarray:
        """Normalised to sum to 1 (read-only; computed once per set of weights)."""
        return _normalised(self)


@lru_cache(maxsize=64)
def _normalised(weights: Weights) -> np.ndarray:
    w = np.array([asdict(weights)[c] for c in CRITERIA], dtype=np.float64)
    if (w < 0).any() or w.sum() <= 0:
        raise ValueError("weights: must be non-negative and not all zero")
    w = np.asarray(w / w.sum())
    w.flags.writeable = False
    return w


def job_fit_codes(rome_idx: np.ndarray, fit_table: np.ndarray) -> np.ndarray:
    """Best fit over each item's ROME codes (rows of code indices, -1 padded)."""
    padded = np.append(fit_table, 0.0)  # index -1 reads the appended 0
    if not rome_idx.size:
        return np.zeros(len(rome_idx))
    fits = padded[rome_idx]
    # Column by column: numpy's max over a short inner axis costs five times more.
    best: np.ndarray = fits[:, 0].copy()
    for k in range(1, fits.shape[1]):
        np.maximum(best, fits[:, k], out=best)
    return best


def job_fit_text(wish: str, titles: list[str], title_ids: np.ndarray) -> np.ndarray:
    """Similarity of a free-text wish to item titles, scaled to at most TEXT_FIT_MAX."""
    if not wish.strip() or not len(title_ids):
        return np.zeros(len(title_ids))
    unique, inverse = np.unique(title_ids, return_inverse=True)
    scores = process.cdist(
        [wish],
        [titles[i] for i in unique],
        scorer=fuzz.token_set_ratio,
        processor=utils.default_process,
        score_cutoff=TEXT_CUTOFF,
        dtype=np.float64,
    )[0]
    return np.asarray((scores / 100.0 * TEXT_FIT_MAX)[inverse])


def travel_score(minutes: np.ndarray, max_minutes: float) -> np.ndarray:
    """1 at the door, falling linearly to 0 at the youth's own maximum."""
    return np.clip(1.0 - np.asarray(minutes, dtype=np.float64) / max(max_minutes, 1.0), 0.0, 1.0)


_SESSION_LEVEL_BY_STEP = {1: 1.0, 0: 0.7, 2: 0.5, 3: 0.3}
# A training that certifies no level (remise à niveau, pré-qualification) is a step on the way for
# any youth: as good as one at their own level, never as good as the level above.
UNCERTIFIED_SCORE = 0.7
_FAR_ABOVE, _BELOW = 0.1, 0.3  # from 4 levels above; below what the youth already holds
# The score of every step from -_STEPS to _STEPS (levels span far less), read in one lookup.
_STEPS = 32
_LEVEL_TABLE = np.array(
    [_SESSION_LEVEL_BY_STEP.get(s, _FAR_ABOVE if s >= 4 else _BELOW) for s in range(-_STEPS, _STEPS + 1)]
)


def session_level_score(target_level: np.ndarray, youth_level: int) -> np.ndarray:
    """One level above the youth's is best; the same level good; further above, less."""
    target = np.asarray(target_level, dtype=np.int32)
    stepped = _LEVEL_TABLE[np.clip(target - youth_level, -_STEPS, _STEPS) + _STEPS]
    return np.asarray(np.where(target == UNCERTIFIED, UNCERTIFIED_SCORE, stepped))


def offer_level_score(required_level: np.ndarray, youth_level: int) -> np.ndarray:
    """Meeting the requirement is what counts; the hard filter already removed the rest."""
    return np.where(np.asarray(required_level) <= youth_level, 1.0, 0.0)


# An item's level in one number (`level_key`), and the level score of every such number for a
# youth's level (`level_scores`): one lookup per search instead of both functions and a choice.
_LEVELS_PER_KIND = 256  # every int8 level, shifted to start at 0


def level_key(session: bool, level: int) -> int:
    """A session's target level, or an offer's required level, as one index into `level_scores`."""
    return level + _LEVELS_PER_KIND // 2 + (0 if session else _LEVELS_PER_KIND)


@lru_cache(maxsize=64)
def level_scores(youth_level: int) -> np.ndarray:
    """The level criterion of every `level_key` for a youth of this level (read-only)."""
    levels = np.arange(_LEVELS_PER_KIND) - _LEVELS_PER_KIND // 2
    table = np.concatenate([session_level_score(levels, youth_level), offer_level_score(levels, youth_level)])
    table.flags.writeable = False
    return table


def timing_score(start: np.ndarray, joinable_late: np.ndarray, ready: int, no_date: int) -> np.ndarray:
    """Best if it starts within 30 days of the youth being free (`ready`), 0 at 180 days.

    Something that started before the youth is free scores 0, unless it can be joined late
    (permanent entry, late entry allowed, or an offer, which starts when the youth does).
    """
    wait = start.astype(np.int64) - ready
    slope = np.clip(1.0 - (wait - SOON_DAYS) / (LATE_DAYS - SOON_DAYS), 0.0, 1.0)
    started = np.where(joinable_late, 1.0, 0.0)
    return np.where(start == no_date, 1.0, np.where(wait < 0, started, slope))


def places_score(places: np.ndarray) -> np.ndarray:
    return np.asarray(np.clip(np.asarray(places, dtype=np.float64) / FULL_PLACES, 0.0, 1.0))


def combine(criteria: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """criteria: (n, len(CRITERIA)) in [0, 1]; weights sum to 1, so scores stay in [0, 1]."""
    return np.asarray(np.clip(criteria @ weights, 0.0, 1.0))
