"""Chapter 02 exercises: the perceptron, binary and softmax cross-entropy, one-hot labels, log-sum-exp,
the softmax-regression gradient and the confusion matrix.

One module per exercise, named after it, each defining ``EXERCISE``.
"""
