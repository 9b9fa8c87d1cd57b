"""Loudness: each audio track levelled to -18 LUFS integrated, true peaks at or under -1.5 dBTP
once it is an MP3 (EBU R128 asks -1 at most; MP3 encoding can raise peaks a little), so a
listener does not reach for the volume between tracks, nor hears a voice clip.

A track's loudness is first estimated here (:func:`estimated_loudness`); then one run of ffmpeg
(Debian package ``ffmpeg``) applies one gain to bring it to the target (plus what the MP3 will
take), a lookahead limiter (alimiter) takes down the peaks above the ceiling, and ffmpeg's EBU
R128 meter (ebur128, ITU-R BS.1770) reads the result. What the estimate missed and the limiter
took, LAME gives back with ``--scale`` (a gain it applies as it encodes), lifting peaks at most
LIFT_DB past the ceiling. The voice's own sound is kept: one gain for the whole track, and no
compression beyond the peaks the limiter holds (they cost the speech about 0.6 LU).

Why ffmpeg, a new package: a limiter in pure Python (no numpy here) goes sample by sample; one
tried took 2.6 ms a second of speech, three times ffmpeg's whole run. Why an estimate in Python
first, not a first ffmpeg run to measure: a run costs 70 ms of start-up and a pass over the
samples; the estimate takes 0.1 ms a second of speech and is close enough to set the gain by,
as the exact reading follows.
"""

from __future__ import annotations

import math
import re
import subprocess
from operator import mul

from ..errors import RenderError
from ..lifetime import program

TARGET_LUFS = -18.0
# The limiter's ceiling, on the samples: peaks between them read 0.2 dB higher at most on the
# examples (espeak-ng's voices have little sound near 11 kHz, where they would come from), so it
# is not run at 2x or 4x the rate as a true-peak limiter is: that would cost half as much again.
LIMIT_DB = -3.0
LIFT_DB = 0.8  # the most --scale may lift it: -2 dBTP, and MP3 adds a tenth or two at most
MP3_LOSS_LU = 0.4  # LAME at 48 kbit/s reads 0.4-0.5 LU quieter than its input (the examples)
SILENT_LUFS = -70.0  # BS.1770's absolute gate: nothing louder is speech to level
_STEP = 8  # the estimate reads every 8th sample: the energy of minutes of speech, not its shape


def estimated_loudness(pcm: bytes, rate: int) -> float:
    """The loudness of 16-bit mono speech in LUFS, near enough to set a gain by: BS.1770's
    gating (400 ms blocks, gated at -70 LUFS, then at 10 LU under their mean) without its
    K-weighting, over every 8th sample. Within 0.3 LU of ebur128 on espeak-ng's English, Urdu,
    Polish, Arabic and Bengali voices. SILENT_LUFS when no block is louder than that."""
    samples = memoryview(pcm).cast("h")[::_STEP]
    size = int(rate * 0.4) // _STEP
    full_scale = size * 32768.0 ** 2
    blocks = (samples[start:start + size] for start in range(0, len(samples) - size + 1, size))
    energies = [e for block in blocks if (e := sum(map(mul, block, block)) / full_scale) > 10 ** (SILENT_LUFS / 10)]
    if not energies:
        return SILENT_LUFS
    relative_gate = sum(energies) / len(energies) / 10
    gated = [e for e in energies if e > relative_gate]
    return 10 * math.log10(sum(gated) / len(gated))


def metered(pcm: bytes, rate: int, chain: str = "", output: tuple[str, ...] = ("-f", "null", "-")
            ) -> tuple[bytes, float]:
    """16-bit mono samples run through an ffmpeg filter ``chain`` (ending in a comma, or empty
    just to measure): what it writes to ``output`` and its integrated loudness in LUFS."""
    raw = ["-f", "s16le", "-ar", str(rate), "-ac", "1"]
    done = subprocess.run(program(["ffmpeg", "-nostdin", "-hide_banner", "-nostats", *raw, "-i", "-",
                                   "-af", chain + "ebur128=framelog=verbose", *output]),
                          input=pcm, capture_output=True, timeout=600)
    log = done.stderr.decode(errors="replace")
    loudness = re.search(r"\bI:\s+(-?[\d.]+|-inf) LUFS", log[log.rfind("Summary:"):])
    if done.returncode != 0 or loudness is None:
        raise RenderError(f"audio: ffmpeg could not level the speech: {log.strip()[-300:]}")
    return done.stdout, float(loudness[1])


def levelled(pcm: bytes, rate: int) -> tuple[bytes, float]:
    """The speech (16-bit mono at ``rate``) at TARGET_LUFS with its peaks limited, the same
    length (a talking book's clips stay in step), and the factor for LAME's ``--scale``."""
    loudness = estimated_loudness(pcm, rate)
    if loudness <= SILENT_LUFS:  # silence, or too short to measure: nothing to level
        return pcm, 1.0
    target = TARGET_LUFS + MP3_LOSS_LU
    chain = f"volume={target - loudness:.2f}dB,alimiter=limit={10 ** (LIMIT_DB / 20):.4f}:level=false:latency=true,"
    out, loudness = metered(pcm, rate, chain, ("-f", "s16le", "-ar", str(rate), "-ac", "1", "-"))
    lift = min(target - loudness, LIFT_DB)
    return out[:len(pcm)].ljust(len(pcm), b"\0"), 10 ** (lift / 20)
