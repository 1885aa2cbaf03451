"""Chapter 09 answers a student might hand in: correct alternatives and plausible wrong ones, one module per exercise."""
