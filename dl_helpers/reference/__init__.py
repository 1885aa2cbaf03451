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
from dl_helpers.reference.attention import (
    additive_attention,
    masked_softmax,
    multi_head_attention,
    nadaraya_watson,
    online_softmax_attention,
    scaled_dot_product_attention,
)
from dl_helpers.reference.augmentation import (
    gaussian_noise,
    random_crop,
    random_horizontal_flip,
)
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
)
from dl_helpers.reference.conv import (
    conv2d,
    conv2d_backward,
    conv2d_output_size,
    corr2d,
    unfold,
)
from dl_helpers.reference.decoding import (
    beam_search,
    greedy_decode,
)
from dl_helpers.reference.detection import (
    box_area,
    box_iou,
    nms,
)
from dl_helpers.reference.embeddings import (
    cooccurrence_matrix,
    glove_loss,
    glove_weight,
    negative_sampling_distribution,
    sgns_gradients,
    sgns_loss,
    subsample_keep_probability,
)
from dl_helpers.reference.gradcheck import (
    numerical_gradient,
    relative_error,
)
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
from dl_helpers.reference.losses import (
    gaussian_nll_loss,
    mse_loss,
)
from dl_helpers.reference.normalization import (
    batch_norm,
    group_norm,
    layer_norm,
)
from dl_helpers.reference.optim import (
    adagrad_step,
    adam_step,
    adamw_step,
    rmsprop_step,
    sgd_momentum_step,
    sgd_step,
)
from dl_helpers.reference.pca import (
    pca_reconstruct,
    pca_svd,
    principal_angles,
)
from dl_helpers.reference.pooling import (
    avg_pool2d,
    max_pool2d,
)
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
from dl_helpers.reference.schedules import (
    cosine_annealing_lr,
    step_lr,
)
from dl_helpers.reference.sequence_losses import sequence_cross_entropy
from dl_helpers.reference.validation import (
    kfold_indices,
)
from dl_helpers.reference.vision import (
    conv_transpose2d,
    conv_transpose2d_output_size,
    gram_matrix,
    max_unpool2d,
)

__all__ = [
    "Value",
    "accuracy",
    "adagrad_step",
    "adam_step",
    "adamw_step",
    "additive_attention",
    "avg_pool2d",
    "batch_norm",
    "beam_search",
    "binary_cross_entropy_with_logits",
    "box_area",
    "box_iou",
    "calculate_gain",
    "clip_grad_norm",
    "clip_grad_value",
    "confusion_matrix",
    "conv2d",
    "conv2d_backward",
    "conv2d_output_size",
    "conv_transpose2d",
    "conv_transpose2d_output_size",
    "cooccurrence_matrix",
    "corr2d",
    "cosine_annealing_lr",
    "cross_entropy",
    "detach_state",
    "dropout",
    "fan_in_and_fan_out",
    "gaussian_nll_loss",
    "gaussian_noise",
    "gelu",
    "gelu_backward",
    "glove_loss",
    "glove_weight",
    "grad",
    "gram_matrix",
    "greedy_decode",
    "group_norm",
    "gru",
    "gru_cell",
    "kaiming_normal",
    "kaiming_uniform",
    "kfold_indices",
    "l1_penalty",
    "layer_norm",
    "linear",
    "linear_backward",
    "linear_forward",
    "log_softmax",
    "logsumexp",
    "lstm",
    "lstm_cell",
    "masked_softmax",
    "max_pool2d",
    "max_unpool2d",
    "mlp_backward",
    "mlp_forward",
    "mse_gradients",
    "mse_loss",
    "multi_head_attention",
    "nadaraya_watson",
    "negative_sampling_distribution",
    "nms",
    "normal",
    "normal_equations",
    "numerical_gradient",
    "one_hot",
    "online_softmax_attention",
    "orthogonal",
    "pca_reconstruct",
    "pca_svd",
    "perceptron_step",
    "polynomial_features",
    "principal_angles",
    "random_crop",
    "random_horizontal_flip",
    "relative_error",
    "relu",
    "relu_backward",
    "ridge_regression",
    "rmsprop_step",
    "rnn_cell",
    "rnn_forward",
    "scaled_dot_product_attention",
    "sequence_cross_entropy",
    "sgd_momentum_step",
    "sgd_step",
    "sgns_gradients",
    "sgns_loss",
    "sigmoid",
    "sigmoid_backward",
    "softmax",
    "softmax_backward",
    "softmax_cross_entropy_backward",
    "softmax_cross_entropy_forward",
    "softmax_regression_gradients",
    "softshrink",
    "step_lr",
    "subsample_keep_probability",
    "tanh",
    "tanh_backward",
    "tanh_op",
    "topological_order",
    "unfold",
    "xavier_normal",
    "xavier_uniform",
]
