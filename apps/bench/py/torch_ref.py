"""PyTorch reference for the bench's MNIST MLP and CNN training steps (run by apps/bench/src/torch.ts).

Reads weights and batches written by the bench (little-endian float32 files plus manifest.json), builds the same
Keras-style model, steps Adam 1e-3 on categorical cross-entropy over softmax outputs, and prints one JSON line:
{"version", "threads", "warmupMs": [...], "samplesMs": [...], "finalLoss"}.
"""
import json
import sys
import time

import numpy as np
import torch
from torch import nn


def load(directory, name, shape):
    return torch.from_numpy(np.fromfile(f"{directory}/{name}", dtype="<f4").reshape(shape).copy())


class NhwcFlatten(nn.Module):
    """Flattens NCHW activations in NHWC order, so Keras's Dense kernel after Flatten applies unchanged."""

    def forward(self, x):
        return x.permute(0, 2, 3, 1).reshape(x.shape[0], -1)


def build(kind, weights):
    if kind == "mlp":
        layers = [nn.Linear(784, 512), nn.ReLU(), nn.Linear(512, 256), nn.ReLU(), nn.Linear(256, 10), nn.Softmax(dim=1)]
        params = [layers[0], layers[2], layers[4]]
    else:
        layers = [
            nn.Conv2d(1, 32, 3), nn.ReLU(), nn.MaxPool2d(2),
            nn.Conv2d(32, 64, 3), nn.ReLU(), nn.MaxPool2d(2),
            NhwcFlatten(), nn.Linear(1600, 128), nn.ReLU(), nn.Linear(128, 10), nn.Softmax(dim=1),
        ]
        params = [layers[0], layers[3], layers[7], layers[9]]
    model = nn.Sequential(*layers)
    with torch.no_grad():
        for i, layer in enumerate(params):
            kernel, bias = weights[2 * i], weights[2 * i + 1]
            if isinstance(layer, nn.Conv2d):
                layer.weight.copy_(kernel.permute(3, 2, 0, 1))  # HWIO -> OIHW
            else:
                layer.weight.copy_(kernel.t())  # [in, out] -> [out, in]
            layer.bias.copy_(bias)
    return model


def main():
    directory = sys.argv[1]
    manifest = json.load(open(f"{directory}/manifest.json"))
    kind = manifest["kind"]
    weights = [load(directory, f"w{i}.bin", s) for i, s in enumerate(manifest["weights"])]
    batches = []
    for i, b in enumerate(manifest["batches"]):
        x = load(directory, f"x{i}.bin", b["x"])
        if kind == "cnn":
            x = x.permute(0, 3, 1, 2).contiguous()  # NHWC -> NCHW
        batches.append((x, load(directory, f"y{i}.bin", b["y"])))
    model = build(kind, weights)
    opt = torch.optim.Adam(model.parameters(), lr=1e-3, betas=(0.9, 0.999), eps=1e-7)
    eps = 1e-7

    def step(i):
        x, y = batches[i % len(batches)]
        t0 = time.perf_counter()
        opt.zero_grad(set_to_none=True)
        p = model(x).clamp(eps, 1 - eps)
        loss = -(y * torch.log(p)).sum(dim=1).mean()
        loss.backward()
        opt.step()
        value = loss.item()
        return (time.perf_counter() - t0) * 1000, value

    warmup, samples, loss = [], [], float("nan")
    for i in range(manifest["warmup"]):
        ms, loss = step(i)
        warmup.append(ms)
    for i in range(manifest["steps"]):
        ms, loss = step(manifest["warmup"] + i)
        samples.append(ms)
    print(json.dumps({"version": torch.__version__, "threads": torch.get_num_threads(), "warmupMs": warmup, "samplesMs": samples, "finalLoss": loss}))


if __name__ == "__main__":
    main()
