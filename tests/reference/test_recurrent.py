"""Do the recurrent cells and layers agree with torch.nn's, given the same (copied) weights?"""

from __future__ import annotations

import pytest
import torch

from dl_helpers import reference as ref

F64 = torch.float64
DEVICES = ["cpu"] + (["cuda"] if torch.cuda.is_available() else [])


def _sizes(seed: int) -> tuple[int, int, int, int]:
    g = torch.Generator().manual_seed(seed)
    n, t, d, m = (int(torch.randint(1, 6, (1,), generator=g)) for _ in range(4))
    return n, t, d, m


def _module(cls, seed: int, device: str, *args, **kwargs):
    torch.manual_seed(seed)
    return cls(*args, **kwargs).to(device=device, dtype=F64)


@pytest.mark.parametrize("device", DEVICES)
@pytest.mark.parametrize("seed", range(8))
@pytest.mark.parametrize(
    ("cell", "module"),
    [(ref.rnn_cell, torch.nn.RNNCell), (ref.lstm_cell, torch.nn.LSTMCell), (ref.gru_cell, torch.nn.GRUCell)],
)
def test_a_cell_matches_torch_nn_with_copied_weights(cell, module, seed, device):
    n, _, d, m = _sizes(seed)
    torch_cell = _module(module, seed, device, d, m, bias=seed % 3 != 0)
    x = torch.randn(n, d, dtype=F64, device=device)
    h = torch.randn(n, m, dtype=F64, device=device)
    hx = (h, torch.randn(n, m, dtype=F64, device=device)) if module is torch.nn.LSTMCell else h
    weights = [torch_cell.weight_ih, torch_cell.weight_hh]
    if torch_cell.bias:
        weights += [torch_cell.bias_ih, torch_cell.bias_hh]
    with torch.no_grad():
        torch.testing.assert_close(cell(x, hx, *weights), torch_cell(x, hx))
        torch.testing.assert_close(cell(x, None, *weights), torch_cell(x))


@pytest.mark.parametrize("seed", range(6))
def test_gradients_through_the_cells_match_torch_nn(seed):
    n, _, d, m = _sizes(seed)
    gru = _module(torch.nn.GRUCell, seed, "cpu", d, m)
    x = torch.randn(n, d, dtype=F64, requires_grad=True)
    h = torch.randn(n, m, dtype=F64)
    ours = ref.gru_cell(x, h, gru.weight_ih, gru.weight_hh, gru.bias_ih, gru.bias_hh).sum()
    theirs = gru(x, h).sum()
    torch.testing.assert_close(
        torch.autograd.grad(ours, [x, gru.weight_hh]), torch.autograd.grad(theirs, [x, gru.weight_hh])
    )


@pytest.mark.parametrize("device", DEVICES)
@pytest.mark.parametrize("seed", range(8))
def test_rnn_forward_matches_a_one_layer_batch_first_rnn(seed, device):
    n, t, d, m = _sizes(seed)
    rnn = _module(torch.nn.RNN, seed, device, d, m, batch_first=True)
    x = torch.randn(n, t, d, dtype=F64, device=device)
    h0 = torch.randn(n, m, dtype=F64, device=device)
    with torch.no_grad():
        out, h_n = ref.rnn_forward(x, h0, *rnn.all_weights[0])
        expected_out, expected_h = rnn(x, h0.unsqueeze(0))
    torch.testing.assert_close(out, expected_out)
    torch.testing.assert_close(h_n, expected_h.squeeze(0))


@pytest.mark.parametrize("device", DEVICES)
@pytest.mark.parametrize("seed", range(6))
@pytest.mark.parametrize("layers", [1, 2, 3])
@pytest.mark.parametrize("bidirectional", [False, True])
def test_stacked_and_bidirectional_lstm_and_gru_match_torch_nn(layers, bidirectional, seed, device):
    n, t, d, m = _sizes(seed)
    dirs = 2 if bidirectional else 1
    x = torch.randn(n, t, d, dtype=F64, device=device)
    lstm = _module(torch.nn.LSTM, seed, device, d, m, layers, batch_first=True, bidirectional=bidirectional)
    gru = _module(torch.nn.GRU, seed, device, d, m, layers, batch_first=True, bidirectional=bidirectional)
    h0 = torch.randn(layers * dirs, n, m, dtype=F64, device=device)
    c0 = torch.randn(layers * dirs, n, m, dtype=F64, device=device)
    with torch.no_grad():
        torch.testing.assert_close(ref.lstm(x, lstm.all_weights, (h0, c0), bidirectional), lstm(x, (h0, c0)))
        torch.testing.assert_close(ref.lstm(x, lstm.all_weights, None, bidirectional), lstm(x))
        torch.testing.assert_close(ref.gru(x, gru.all_weights, h0, bidirectional), gru(x, h0))


def test_detach_state_cuts_the_graph_of_a_tensor_and_of_an_lstm_pair():
    h = torch.ones(2, 3, requires_grad=True) * 2
    assert not ref.detach_state(h).requires_grad
    assert not any(s.requires_grad for s in ref.detach_state((h, h)))


def test_wrong_shapes_are_refused_with_the_shapes_named():
    with pytest.raises(ValueError, match=r"\(12, 3\)"):
        ref.lstm_cell(torch.zeros(2, 3), None, torch.zeros(12, 4), torch.zeros(12, 3))
    with pytest.raises(ValueError, match="batch-first"):
        ref.rnn_forward(torch.zeros(2, 3), None, torch.zeros(1, 3), torch.zeros(1, 1))
