"""Chapter 01 implementations a student might hand in, one module per exercise."""
