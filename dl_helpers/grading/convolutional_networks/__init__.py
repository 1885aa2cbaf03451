"""Chapter 06 exercises: cross-correlation, the output-size formula, conv2d, max pooling, the convolution's backward pass and unfold."""
