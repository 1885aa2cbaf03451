"""Chapter 04 implementations a student might hand in, one module per exercise."""
