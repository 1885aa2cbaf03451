"""Chapter 10 exercises: Nadaraya-Watson pooling, masked softmax, additive and scaled dot-product attention, tiled attention."""
