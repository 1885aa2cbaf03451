"""Chapter 09 exercises: RNN, LSTM and GRU cells, unrolling an RNN, padded sequence cross-entropy, greedy and beam search."""
