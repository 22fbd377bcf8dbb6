#!/usr/bin/env python3
"""A plain BLAS-backed forward pass of a BERT sentence encoder (numpy + the model's tokenizer), the
reference that Rehearse's in-process encoder is checked and timed against.

    scripts/reference-encoder.py MODEL_DIR [--check "TEXT" ...] [--time N]

--check prints each text's first six embedding values (mean pooling over real tokens, L2
normalised, as sentence-transformers defines the model) for comparison with `rehearse models
embed`; --time N embeds N copies of a 300-word answer's sentences one at a time and prints the
encoder's tokens per second. Needs numpy, safetensors and tokenizers (pip)."""
import argparse, json, math, os, sys, time

import numpy as np
from safetensors.numpy import load_file
from tokenizers import Tokenizer


def erf(x):
    """erf, vectorised, to about 1.2e-7 (Numerical Recipes' erfc by Chebyshev fitting)."""
    z = np.abs(x)
    t = 1.0 / (1.0 + 0.5 * z)
    r = t * np.exp(-z * z - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (
        -0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))))
    return np.where(x >= 0, 1.0 - r, r - 1.0)


def layer_norm(x, weight, bias, eps):
    mean = x.mean(-1, keepdims=True)
    var = ((x - mean) ** 2).mean(-1, keepdims=True)
    return (x - mean) / np.sqrt(var + eps) * weight + bias


class Encoder:
    def __init__(self, folder):
        self.config = json.load(open(os.path.join(folder, "config.json")))
        self.w = load_file(os.path.join(folder, "model.safetensors"))
        self.tokenizer = Tokenizer.from_file(os.path.join(folder, "tokenizer.json"))
        self.tokenizer.no_padding()
        self.tokenizer.enable_truncation(256)
        prefix = "bert." if "bert.embeddings.word_embeddings.weight" in self.w else ""
        self.p = lambda name: self.w[prefix + name]

    def embed(self, text):
        c, p = self.config, self.p
        ids = np.array(self.tokenizer.encode(text).ids)
        n = len(ids)
        x = p("embeddings.word_embeddings.weight")[ids] + p("embeddings.position_embeddings.weight")[:n] \
            + p("embeddings.token_type_embeddings.weight")[0]
        eps = c["layer_norm_eps"]
        x = layer_norm(x, p("embeddings.LayerNorm.weight"), p("embeddings.LayerNorm.bias"), eps)
        heads, size = c["num_attention_heads"], c["hidden_size"]
        d = size // heads
        for i in range(c["num_hidden_layers"]):
            l = lambda name: p(f"encoder.layer.{i}.{name}")
            q = x @ l("attention.self.query.weight").T + l("attention.self.query.bias")
            k = x @ l("attention.self.key.weight").T + l("attention.self.key.bias")
            v = x @ l("attention.self.value.weight").T + l("attention.self.value.bias")
            q, k, v = (t.reshape(n, heads, d).transpose(1, 0, 2) for t in (q, k, v))
            scores = q @ k.transpose(0, 2, 1) / math.sqrt(d)
            scores = np.exp(scores - scores.max(-1, keepdims=True))
            scores /= scores.sum(-1, keepdims=True)
            context = (scores @ v).transpose(1, 0, 2).reshape(n, size)
            attention = context @ l("attention.output.dense.weight").T + l("attention.output.dense.bias")
            x = layer_norm(attention + x, l("attention.output.LayerNorm.weight"), l("attention.output.LayerNorm.bias"), eps)
            hidden = x @ l("intermediate.dense.weight").T + l("intermediate.dense.bias")
            hidden = 0.5 * hidden * (1.0 + erf(hidden / math.sqrt(2.0)))
            out = hidden @ l("output.dense.weight").T + l("output.dense.bias")
            x = layer_norm(out + x, l("output.LayerNorm.weight"), l("output.LayerNorm.bias"), eps)
        pooled = x.mean(0)
        return pooled / np.linalg.norm(pooled), n


ANSWER = ("Last spring I was the only analyst supporting a sales team of twelve. My task was to find out why our weekly "
          "revenue report was always a day late. I traced every step of the report. I found that two people copied the "
          "same numbers by hand. I replaced the copying with one shared query that I scheduled for Monday mornings. I "
          "also wrote a short guide so the team could check the numbers themselves. As a result, the report went out on "
          "time every week. We saved about six hours of work a week.")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("model_dir")
    parser.add_argument("--check", nargs="*", default=[])
    parser.add_argument("--time", type=int, default=0)
    args = parser.parse_args()
    encoder = Encoder(args.model_dir)
    for text in args.check:
        vector, _ = encoder.embed(text)
        print(json.dumps([round(float(v), 6) for v in vector[:6]]))
    if args.time:
        sentences = [s for s in ANSWER.split(". ") if s]
        tokens, start = 0, time.perf_counter()
        for _ in range(args.time):
            for sentence in sentences:
                tokens += encoder.embed(sentence)[1]
        elapsed = time.perf_counter() - start
        print(f"{tokens / elapsed:.0f} tokens/s ({tokens} tokens in {elapsed:.2f} s)")


if __name__ == "__main__":
    sys.exit(main())
