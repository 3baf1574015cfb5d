#!/usr/bin/env python3
"""Write a tiny random-weight llama model as GGUF, for the conformance tests.

    make_tiny_model.py OUTPUT.gguf

The model is made here, from a fixed seed, with the `gguf` package: nothing is downloaded. It has
the llama architecture (2 layers, 64-wide embeddings, 4 heads) and a SentencePiece-style vocabulary
of 256 byte tokens plus one token per printable ASCII character, so any prompt tokenises and every
reply is printable text. Its answers are nonsense; what matters is that llama.cpp loads it in well
under a second and that llama-cpp-python's OpenAI server streams, answers and refuses with it as it
does with a real model.

The output layer gives the control and byte tokens zero logits and the printable tokens large
random ones, so the end-of-sequence token is never sampled: a reply always has text and ends at
max_tokens (or at the end of the context).
"""

import sys

import gguf
import numpy as np

SEED = 14
CONTEXT_LENGTH = 4096
EMBEDDING = 64
LAYERS = 2
HEADS = 4
FEED_FORWARD = 128
OUTPUT_SCALE = 8.0

# A plain-text chat template (no special tokens): llama-cpp-python formats the messages with it.
CHAT_TEMPLATE = (
    "{% for message in messages %}"
    "{{ message['role'] }}: {{ message['content'] }}\n"
    "{% endfor %}"
    "{% if add_generation_prompt %}assistant:{% endif %}"
)


def vocabulary():
    """The tokens with their types: <unk>, <s>, </s>, the 256 bytes, then printable characters."""
    tokens = [("<unk>", gguf.TokenType.UNKNOWN), ("<s>", gguf.TokenType.CONTROL), ("</s>", gguf.TokenType.CONTROL)]
    tokens += [(f"<0x{byte:02X}>", gguf.TokenType.BYTE) for byte in range(256)]
    # "▁" is SentencePiece's space.
    tokens += [("\u2581", gguf.TokenType.NORMAL)]
    tokens += [(chr(code), gguf.TokenType.NORMAL) for code in range(0x21, 0x7F)]
    return tokens


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: make_tiny_model.py OUTPUT.gguf")
    rng = np.random.default_rng(SEED)
    tokens = vocabulary()
    first_printable = next(index for index, (_, kind) in enumerate(tokens) if kind == gguf.TokenType.NORMAL)

    def weights(*shape, scale=None):
        scale = scale if scale is not None else 1.0 / np.sqrt(shape[-1])
        return (rng.standard_normal(shape) * scale).astype(np.float32)

    writer = gguf.GGUFWriter(sys.argv[1], "llama")
    writer.add_name("chatterm conformance tiny random llama")
    writer.add_context_length(CONTEXT_LENGTH)
    writer.add_embedding_length(EMBEDDING)
    writer.add_block_count(LAYERS)
    writer.add_feed_forward_length(FEED_FORWARD)
    writer.add_head_count(HEADS)
    writer.add_head_count_kv(HEADS)
    writer.add_rope_dimension_count(EMBEDDING // HEADS)
    writer.add_layer_norm_rms_eps(1e-5)
    writer.add_vocab_size(len(tokens))
    writer.add_file_type(gguf.LlamaFileType.ALL_F32)

    writer.add_tokenizer_model("llama")
    writer.add_token_list([text for text, _ in tokens])
    writer.add_token_types([kind for _, kind in tokens])
    writer.add_token_scores([0.0] * len(tokens))
    writer.add_unk_token_id(0)
    writer.add_bos_token_id(1)
    writer.add_eos_token_id(2)
    writer.add_add_bos_token(True)
    writer.add_add_eos_token(False)
    writer.add_chat_template(CHAT_TEMPLATE)

    ones = np.ones(EMBEDDING, dtype=np.float32)
    writer.add_tensor("token_embd.weight", weights(len(tokens), EMBEDDING, scale=1.0))
    for layer in range(LAYERS):
        prefix = f"blk.{layer}."
        writer.add_tensor(prefix + "attn_norm.weight", ones)
        for name in ("attn_q", "attn_k", "attn_v", "attn_output"):
            writer.add_tensor(prefix + name + ".weight", weights(EMBEDDING, EMBEDDING))
        writer.add_tensor(prefix + "ffn_norm.weight", ones)
        writer.add_tensor(prefix + "ffn_gate.weight", weights(FEED_FORWARD, EMBEDDING))
        writer.add_tensor(prefix + "ffn_up.weight", weights(FEED_FORWARD, EMBEDDING))
        writer.add_tensor(prefix + "ffn_down.weight", weights(EMBEDDING, FEED_FORWARD))
    writer.add_tensor("output_norm.weight", ones)
    output = weights(len(tokens), EMBEDDING, scale=OUTPUT_SCALE / np.sqrt(EMBEDDING))
    output[:first_printable] = 0.0
    writer.add_tensor("output.weight", output)

    writer.write_header_to_file()
    writer.write_kv_data_to_file()
    writer.write_tensors_to_file()
    writer.close()


if __name__ == "__main__":
    main()
