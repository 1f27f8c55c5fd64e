"""The coach's report: what it shows (view), its charts (charts) and the page (render)."""
