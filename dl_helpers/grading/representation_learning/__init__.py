"""Chapter 08 exercises: PCA by the SVD and its reconstruction, skip-gram negative sampling (loss and gradients), co-occurrence counts, GloVe's loss."""
