# The two commands of the README, and the tasks around them.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test bench lint system-deps venv translations openapi screenshots clean deb smoke-deb

demo: system-deps venv  ## set up and run the console on the demo plant
	$(BIN)/gemba --demo

test: system-deps venv  ## set up and run the whole test suite
	GEMBA_WITH_POSTGRES=1 bash packaging/system-deps.sh
	$(BIN)/lint-imports --no-cache
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest -n auto --dist loadgroup --durations=15

bench: venv  ## run every benchmark; one line per figure
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m tests.benchmarks

lint: venv
	$(BIN)/ruff check app widgets tests

system-deps:
	bash packaging/system-deps.sh

venv: $(STAMP)

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(STAMP)

openapi: venv  ## refresh the committed OpenAPI document from the code
	$(BIN)/python -m app.sim.openapi --write

translations: venv  ## refresh the zh_TW catalogue from the code, then compile it
	bash resources/translations/regenerate.sh

# The demo plant's first full read (a year of history) takes about 40 s: the pictures are taken
# once it is done.
screenshots: venv  ## the README's screenshots, from the demo plant
	for view in overview machines orders materials; do \
	  QT_QPA_PLATFORM=offscreen $(BIN)/gemba --demo --view $$view --quit-after 55 \
	    --screenshot docs/screenshots/$$view.png; done
	QT_QPA_PLATFORM=offscreen $(BIN)/gemba --demo --view overview --lang zh_TW --quit-after 55 \
	    --screenshot docs/screenshots/overview-zh_TW.png
	QT_QPA_PLATFORM=offscreen $(BIN)/gemba --demo --view orders --lang zh_TW --quit-after 55 \
	    --screenshot docs/screenshots/orders-zh_TW.png
	QT_QPA_PLATFORM=offscreen $(BIN)/gemba --demo --view events --quit-after 60 \
	    --screenshot docs/screenshots/events.png
	QT_QPA_PLATFORM=offscreen $(BIN)/gemba --demo --view maintenance --quit-after 60 --screenshot docs/screenshots/maintenance.png
	# A machine's detail, quality, a trace, complaints, capacity, a customer's page and the
	# offline start: the console driven through its widgets.
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m tests.readme_screenshots docs/screenshots
	# The delivery-date answer, the rules page and a drafted notice: from the tests that
	# drive them.
	GEMBA_SCREENSHOTS=docs/screenshots QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest -q \
	    tests/integration/test_planning_with_plant.py tests/widgets/test_rules_page.py \
	    tests/widgets/test_notice_from_firing.py tests/integration/test_quote_with_plant.py \
	    "tests/integration/test_quote_with_tryton.py::test_new_demand_on_tryton_becomes_one_sale_in_quotation_and_holds_its_hours[tryton-8.2]"

deb: venv  ## the Linux installer: dist/gemba-console_<version>_<arch>.deb (PyInstaller bundle)
	bash packaging/build-deb.sh

smoke-deb: deb  ## build the .deb, unpack it to a temp root and run the console from it
	bash packaging/smoke-deb.sh

clean:
	rm -rf $(VENV) build *.egg-info
