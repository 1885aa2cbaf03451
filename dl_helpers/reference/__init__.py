"""Reference implementations of what the course teaches, built from tensor operations.

Names, argument order and layouts follow ``torch.nn.functional`` and ``torch.optim``
where PyTorch has the same thing, so each one is tested against PyTorch's own.

Shape letters used throughout: N batch (samples), D input features, K outputs or classes, M hidden units,
C channels, H and W image height and width, T time steps.
"""

from dl_helpers.reference.activations import (
    gelu,
    gelu_backward,
    log_softmax,
    relu,
    relu_backward,
    sigmoid,
    sigmoid_backward,
    softmax,
    softmax_backward,
    tanh,
    tanh_backward,
)
from dl_helpers.reference.attention import multi_head_attention, scaled_dot_product_attention
from dl_helpers.reference.augmentation import gaussian_noise, random_crop, random_horizontal_flip
from dl_helpers.reference.autodiff import (
    Value,
    grad,
    tanh_op,
    topological_order,
)
from dl_helpers.reference.backprop import (
    linear_backward,
    linear_forward,
    mlp_backward,
    mlp_forward,
    softmax_cross_entropy_backward,
    softmax_cross_entropy_forward,
)
from dl_helpers.reference.classification import (
    accuracy,
    binary_cross_entropy_with_logits,
    confusion_matrix,
    cross_entropy,
    logsumexp,
    one_hot,
    perceptron_step,
    softmax_regression_gradients,
)  # noqa: E501 (chapter 02)
from dl_helpers.reference.conv import conv2d, conv2d_output_size
from dl_helpers.reference.decoding import (
    beam_search,
    greedy_decode,
)
from dl_helpers.reference.gradcheck import numerical_gradient, relative_error
from dl_helpers.reference.init import (
    calculate_gain,
    fan_in_and_fan_out,
    kaiming_normal,
    kaiming_uniform,
    normal,
    orthogonal,
    xavier_normal,
    xavier_uniform,
)
from dl_helpers.reference.linear import (
    linear,
    mse_gradients,
    normal_equations,
    polynomial_features,
    ridge_regression,
)
from dl_helpers.reference.losses import gaussian_nll_loss, mse_loss
from dl_helpers.reference.normalization import batch_norm, group_norm, layer_norm
from dl_helpers.reference.optim import adagrad_step, adam_step, adamw_step, rmsprop_step, sgd_momentum_step, sgd_step
from dl_helpers.reference.recurrent import (
    detach_state,
    gru,
    gru_cell,
    lstm,
    lstm_cell,
    rnn_cell,
    rnn_forward,
)
from dl_helpers.reference.regularization import (
    clip_grad_norm,
    clip_grad_value,
    dropout,
    l1_penalty,
    softshrink,
)
from dl_helpers.reference.schedules import cosine_annealing_lr, step_lr
from dl_helpers.reference.sequence_losses import sequence_cross_entropy
from dl_helpers.reference.validation import kfold_indices

__all__ = [
    "beam_search",
    "detach_state",
    "greedy_decode",
    "gru",
    "gru_cell",
    "lstm",
    "lstm_cell",
    "rnn_cell",
    "rnn_forward",
    "sequence_cross_entropy",
    "batch_norm",
    "calculate_gain",
    "accuracy",
    "binary_cross_entropy_with_logits",
    "confusion_matrix",
    "cross_entropy",
    "logsumexp",
    "one_hot",
    "perceptron_step",
    "softmax_regression_gradients",  # chapter 02
    "clip_grad_norm",
    "clip_grad_value",
    "conv2d",
    "conv2d_output_size",
    "dropout",
    "fan_in_and_fan_out",
    "gaussian_nll_loss",
    "gaussian_noise",
    "gelu",
    "gelu_backward",
    "grad",
    "group_norm",
    "kaiming_normal",
    "kaiming_uniform",
    "kfold_indices",
    "l1_penalty",
    "layer_norm",
    "linear",
    "linear_backward",
    "linear_forward",
    "log_softmax",
    "mlp_backward",
    "mlp_forward",
    "mse_gradients",
    "mse_loss",
    "multi_head_attention",
    "normal",
    "normal_equations",
    "numerical_gradient",
    "orthogonal",
    "polynomial_features",
    "random_crop",
    "random_horizontal_flip",
    "relative_error",
    "relu",
    "relu_backward",
    "ridge_regression",
    "scaled_dot_product_attention",
    "sgd_step",
    "sgd_momentum_step",
    "adagrad_step",
    "rmsprop_step",
    "adam_step",
    "adamw_step",
    "step_lr",
    "cosine_annealing_lr",  # chapter 03
    "sigmoid",
    "sigmoid_backward",
    "softmax",
    "softmax_backward",
    "softmax_cross_entropy_backward",
    "softmax_cross_entropy_forward",
    "softshrink",
    "tanh",
    "tanh_backward",
    "tanh_op",
    "topological_order",
    "Value",
    "xavier_normal",
    "xavier_uniform",
]
