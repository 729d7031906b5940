#!/usr/bin/env python3
"""Scale benchmark of minilat: the same as ``minilat bench`` (see src/minilat/bench/).

    .venv/bin/python benchmarks/scale.py                      # 10k, 100k, 1M triples
    .venv/bin/python benchmarks/scale.py --with-10m           # and 10M (on-disk store)
    .venv/bin/python benchmarks/scale.py --sizes 10k --repeat 3 --out /tmp/bench

Needs the bench extras: ``pip install -e '.[bench]'`` (matplotlib, psutil).
Writes benchmarks/results/{results.md,results.json,scale.png}; generated datasets are
cached in benchmarks/data/ (gitignored).
"""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from minilat.bench import main  # noqa: E402

if __name__ == "__main__":
    main()
