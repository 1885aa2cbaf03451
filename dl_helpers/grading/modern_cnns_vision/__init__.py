"""Chapter 07 exercises: intersection over union of boxes, non-maximum suppression, the transposed convolution and the Gram matrix."""
