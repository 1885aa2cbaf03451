"""Chapter 08 implementations a student might hand in: correct alternatives and plausible wrong ones."""
