# The single entry point. `make demo` and `make test` set everything up first (idempotent).
VENV ?= .venv
BIN := $(VENV)/bin

.PHONY: setup demo test lint stack-up stack-status stack-down bench clean-state

setup:
	@./scripts/setup.sh

demo: setup
	$(BIN)/strangler demo

test: setup lint
	$(BIN)/pytest

lint: setup
	$(BIN)/ruff check .
	$(BIN)/mypy $(wildcard strangler cdc gateway sample_monolith sample_services)

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
