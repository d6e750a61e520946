"""The open data of the calls and their results (``docs/opendata.md``): CSV
and JSON downloads linked from the call pages, and the read-only JSON API
under ``/donnees/api/v1/``. The data is what the public pages show, nothing
more: calls with a live public page, results once released (the rules are
``reviews.selectors.results``'s), organisations only, never people.

* ``selectors``: the public call pages, a call's public results;
* ``datasets``: the columns of each dataset and a row or record per item;
* ``views``/``urls``: the downloads and the API (``csv_response``,
  ``json_response`` and ``paginate`` from ``core.opendata``).
"""
