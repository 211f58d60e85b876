# Two commands do all the set-up:  `make quiz`  and  `make test`.
# Both create .venv when it is missing; torch is installed first as the local
# CPU build (torch==2.13.0), because a bare `torch` requirement pulls a
# multi-GB CUDA build.

PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
PY     := $(BIN)/python
TORCH  ?= torch==2.13.0
export NO_MKDOCS_2_WARNING := 1

.PHONY: quiz test docs serve bench install dev clean

quiz: $(VENV)/.installed
	$(BIN)/seqprep quiz $(ARGS)

test: $(VENV)/.installed-dev
	$(PY) -m pytest $(PYTEST_ARGS)

docs: $(VENV)/.installed-dev
	$(BIN)/seqprep site build

serve: $(VENV)/.installed-dev
	$(BIN)/seqprep site serve

bench: $(VENV)/.installed-dev
	$(BIN)/seqprep bench $(ARGS)

install: $(VENV)/.installed
dev: $(VENV)/.installed-dev

$(PY):
	$(PYTHON) -m venv $(VENV)

$(VENV)/.torch: | $(PY)
	$(PY) -c "import torch" 2>/dev/null || $(PY) -m pip install --quiet "$(TORCH)"
	@touch $@

$(VENV)/.installed: pyproject.toml $(VENV)/.torch
	$(PY) -m pip install --quiet -e .
	@touch $@

$(VENV)/.installed-dev: pyproject.toml $(VENV)/.torch
	$(PY) -m pip install --quiet -e '.[dev]'
	@touch $@ $(VENV)/.installed

clean:
	rm -rf build dist .pytest_cache
