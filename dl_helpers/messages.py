"""The words that failure messages and the instructor's report share (no imports: the grader reads them too)."""

LIKELY_MISTAKE = "Likely mistake: "  # introduces a named mistake in a failing check's message
