"""`python -m stc_thidua` runs the CLI, as the `thidua` console script does."""

from stc_thidua.entry import main

main()
