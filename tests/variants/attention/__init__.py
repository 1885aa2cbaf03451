"""Chapter 10 answers a student might hand in, one module per exercise: correct alternatives and plausible wrong ones."""
