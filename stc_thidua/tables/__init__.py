"""The table classes, in groups built on first use: import them from `stc_thidua.models`."""
