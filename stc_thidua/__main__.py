"""`python -m stc_thidua` runs the CLI."""

from stc_thidua.cli import main

main()
