# Shortcuts for the commands the README documents; each is a thin wrapper.
.PHONY: demo test bench bench-quick

demo:
	scripts/demo

test:
	scripts/test

# The performance benchmark: 10k, 100k and 1M conversations on SQLite and PostgreSQL (about an hour).
bench:
	scripts/bench

# A few minutes: 10k and 100k on SQLite only, results printed, not saved.
bench-quick:
	scripts/bench --sizes 10k,100k --databases sqlite --no-save
