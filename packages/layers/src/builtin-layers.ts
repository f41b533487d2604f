import type { LayerClass } from './registry.js';
import { InputLayer } from './core/input.js';
import { Dense } from './core/dense.js';
import { Activation } from './core/activation.js';
import { Dropout } from './core/dropout.js';
import { Flatten } from './core/flatten.js';
import { BatchNormalization } from './normalization/batch-normalization.js';
import { LayerNormalization } from './normalization/layer-normalization.js';
import { Conv1D } from './convolutional/conv1d.js';
import { Conv2D } from './convolutional/conv2d.js';
import { Conv2DTranspose } from './convolutional/conv2d-transpose.js';
import { DepthwiseConv2D } from './convolutional/depthwise-conv2d.js';
import { SeparableConv2D } from './convolutional/separable-conv2d.js';
import { MaxPooling1D, MaxPooling2D } from './pooling/max-pooling.js';
import { AveragePooling1D, AveragePooling2D } from './pooling/average-pooling.js';
import { GlobalAveragePooling1D, GlobalAveragePooling2D, GlobalMaxPooling1D, GlobalMaxPooling2D } from './pooling/global-pooling.js';
import { ZeroPadding2D } from './reshaping/zero-padding2d.js';
import { Cropping2D } from './reshaping/cropping2d.js';
import { UpSampling2D } from './reshaping/up-sampling2d.js';
import { Reshape } from './reshaping/reshape.js';
import { Permute } from './reshaping/permute.js';
import { RepeatVector } from './reshaping/repeat-vector.js';
import { SimpleRNNCell } from './recurrent/simple-rnn-cell.js';
import { LSTMCell } from './recurrent/lstm-cell.js';
import { GRUCell } from './recurrent/gru-cell.js';
import { StackedRNNCells } from './recurrent/stacked-cells.js';
import { RNN } from './recurrent/rnn.js';
import { SimpleRNN } from './recurrent/simple-rnn.js';
import { LSTM } from './recurrent/lstm.js';
import { GRU } from './recurrent/gru.js';
import { Bidirectional } from './recurrent/bidirectional.js';
import { TimeDistributed } from './recurrent/time-distributed.js';
import { SpatialDropout1D, SpatialDropout2D } from './regularization/spatial-dropout.js';
import { GaussianNoise, GaussianDropout } from './regularization/gaussian-noise.js';
import { ActivityRegularization } from './regularization/activity-regularization.js';
import { Embedding } from './embedding/embedding.js';
import { Masking } from './embedding/masking.js';
import { Add, Subtract, Multiply, Average, Maximum, Minimum } from './merging/elementwise.js';
import { Concatenate } from './merging/concatenate.js';
import { Dot } from './merging/dot.js';
import { MultiHeadAttention } from './attention/multi-head-attention.js';
import { RandomFlip } from './preprocessing/random-flip.js';
import { RandomRotation } from './preprocessing/random-rotation.js';
import { RandomZoom } from './preprocessing/random-zoom.js';
import { RandomTranslation } from './preprocessing/random-translation.js';

/** Every built-in layer class by its className. Each new layer adds one line here. */
export function builtinLayerClasses(): Record<string, LayerClass> {
  const classes = [
    InputLayer,
    Dense,
    Activation,
    Dropout,
    Flatten,
    BatchNormalization,
    LayerNormalization,
    Conv1D,
    Conv2D,
    Conv2DTranspose,
    DepthwiseConv2D,
    SeparableConv2D,
    MaxPooling1D,
    MaxPooling2D,
    AveragePooling1D,
    AveragePooling2D,
    GlobalMaxPooling1D,
    GlobalMaxPooling2D,
    GlobalAveragePooling1D,
    GlobalAveragePooling2D,
    ZeroPadding2D,
    Cropping2D,
    UpSampling2D,
    Reshape,
    Permute,
    RepeatVector,
    SimpleRNNCell,
    LSTMCell,
    GRUCell,
    StackedRNNCells,
    RNN,
    SimpleRNN,
    LSTM,
    GRU,
    Bidirectional,
    TimeDistributed,
    SpatialDropout1D,
    SpatialDropout2D,
    GaussianNoise,
    GaussianDropout,
    ActivityRegularization,
    Embedding,
    Masking,
    Add,
    Subtract,
    Multiply,
    Average,
    Maximum,
    Minimum,
    Concatenate,
    Dot,
    MultiHeadAttention,
    RandomFlip,
    RandomRotation,
    RandomZoom,
    RandomTranslation,
  ] as unknown as LayerClass[];
  return Object.fromEntries(classes.map((c) => [c.className, c]));
}
