"""Stand-in portal: FOR DEVELOPMENT, DEMOS AND TESTS ONLY (see app.py and docs/portal-contract.md).

    python -m volunteer_app.portal.standin --port 8090 [--fault-rate 0.3 --seed 7 ...]
"""
