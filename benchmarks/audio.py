"""How long the audio of one offer takes to make (`offerprint build --format audio`), and where
the time goes: preparing what is read, speech (espeak-ng) and MP3 encoding (LAME).

    .venv/bin/python benchmarks/audio.py [OFFER] [--lang ur]

OFFER defaults to examples/oakfield-primary. Prints the whole render's wall time, the length
of the recording and the ratio of recording to making time (how many times faster than real
time), then one sequential pass split into its stages (render_audio runs two tracks at a time,
so its wall time is less than the sum of the stages).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("offer", nargs="?", default=str(ROOT / "examples" / "oakfield-primary"))
    parser.add_argument("--lang", default=None)
    args = parser.parse_args()

    from offerprint.document import build_document
    from offerprint.load import load_offer
    from offerprint.render import RenderOptions, render
    from offerprint.render import audio
    from offerprint.translate import translation_for

    loaded = load_offer(args.offer)
    start = time.perf_counter()
    data = render(loaded, "audio", RenderOptions(lang=args.lang))
    wall = time.perf_counter() - start
    import io
    import zipfile

    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        tracks = audio.read_playlist(archive.read("playlist.m3u8"))
    seconds = sum(s for _, s, _ in tracks)
    print(f"audio of {loaded.offer.setting.name} ({args.lang or loaded.offer.offer.language}): "
          f"{wall:.1f} s to make {len(tracks)} tracks, {audio.clock(seconds)} of speech, "
          f"{len(data) / 1e6:.1f} MB; {seconds / wall:.0f} times faster than real time")

    # One pass, stage by stage, one track at a time.
    t0 = time.perf_counter()
    doc = build_document(loaded, translation_for(loaded, args.lang))
    made = audio.tracks(doc, loaded)
    voice = audio.check_voice(doc.lang)
    prepare = time.perf_counter() - t0
    speech = encode = 0.0
    for track in made:
        t1 = time.perf_counter()
        pcm = audio.track_pcm(track, voice, doc.lang)
        t2 = time.perf_counter()
        audio.encode_mp3(pcm, track, doc, len(made))
        t3 = time.perf_counter()
        speech += t2 - t1
        encode += t3 - t2
    total = prepare + speech + encode
    print(f"one track at a time: {total:.1f} s = prepare {prepare:.1f} s ({prepare / total:.0%}), "
          f"espeak-ng {speech:.1f} s ({speech / total:.0%}), lame {encode:.1f} s ({encode / total:.0%}); "
          f"two at a time took {wall / total:.2f} of that")


if __name__ == "__main__":
    main()
