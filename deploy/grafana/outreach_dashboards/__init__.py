"""The Outreach Diagnostics Grafana dashboards, as code (see ../build_dashboards.py)."""
