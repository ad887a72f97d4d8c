# The single entry point. `make demo` and `make test` set everything up first (idempotent).
VENV ?= .venv
BIN := $(VENV)/bin

.PHONY: setup demo test lint mutation stack-up stack-status stack-down bench clean-state

setup:
	@./scripts/setup.sh

demo: setup
	$(BIN)/strangler demo

test: setup lint
	$(BIN)/pytest

lint: setup
	$(BIN)/ruff check .
	$(BIN)/mypy $(wildcard strangler cdc gateway phase sample_monolith sample_services)

# Mutation testing of the pure modules (docs/testing.md): slow, so not part of `test`.
# Resumable: a second run only retests what changed; `rm -rf mutants` starts afresh.
MUTATION_JOBS ?= 2
mutation: setup
	@mkdir -p mutants
	@echo "mutation: mutmut run (progress in mutants/run.log) ..."
	@$(BIN)/mutmut run --max-children $(MUTATION_JOBS) > mutants/run.log 2>&1 \
		|| { tail -c 2000 mutants/run.log; exit 1; }
	@$(BIN)/mutmut results --all true > mutants/results.txt
	@$(BIN)/python scripts/mutation_summary.py < mutants/results.txt

stack-up: setup
	$(BIN)/strangler stack up

stack-status:
	$(BIN)/strangler stack status

stack-down:
	$(BIN)/strangler stack down

# Removes the default state dir (databases, logs). Stops the stack first.
clean-state:
	-$(BIN)/strangler stack down
	rm -rf .strangler
