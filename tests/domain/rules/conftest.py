import sys
from pathlib import Path

# The vector runner and generators live next to the tests (no package __init__ in tests/).
sys.path.insert(0, str(Path(__file__).resolve().parent))
