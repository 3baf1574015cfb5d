#!/usr/bin/env python3
"""Records the SSE streams that the parsing benchmarks read (Benchmarks/README.md § Micro).

    python3 Benchmarks/Micro/Streams/record.py [--binary .build/release/chatterm] [--tokens 2000]

It records one 2000-token reply of `chatterm demo-server` at full speed, as the OpenAI dialect
(LF framing, `data: ` with a space, the role in the first delta only, a usage chunk with empty
`choices`), and derives from its events the other dialects of DESIGN.md § 2, event for event:

  openai.sse      as recorded
  chatglm3.sse    CRLF framing, the role in every delta, no usage chunk, sse-starlette's
                  `: ping - TIME` comment every 100 events
  tgi.sse         `data:` without a space, `:` keep-alive comments every 100 events
  ollama.sse      the first 30 % of the tokens as `delta.reasoning`, then content
  vllm.sse        the same with `delta.reasoning_content`
  llamacpp-cjk.sse  the text turned into CJK (two ideographs per token) and written as Python's
                  json.dumps does by default, with \\uXXXX escapes (llama-cpp-python)
  chatglm3-cjk.sse  the same CJK text as raw UTF-8 in ChatGLM3's CRLF framing

The files are committed; run this again only to change them.
"""
import argparse
import json
import os
import subprocess
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
CJK = "你好世界这是一个流式回复的例子模型逐字生成文本客户端把它画在屏幕上"


def record(binary, tokens):
    server = subprocess.Popen([binary, "demo-server", "--port", "0", "--speed", "0", "--tokens", str(tokens)],
                              stdout=subprocess.PIPE, text=True)
    try:
        base = server.stdout.readline().strip().split()[-1]
        body = json.dumps({"model": "demo-model", "stream": True,
                           "messages": [{"role": "user", "content": "Tell me about streaming."}]})
        request = urllib.request.Request(base + "/chat/completions", data=body.encode(),
                                         headers={"Content-Type": "application/json"})
        with urllib.request.urlopen(request) as response:
            return response.read()
    finally:
        server.terminate()
        server.wait()


def events(stream):
    """The JSON payloads of the recorded stream, in order; `[DONE]` stays a string."""
    result = []
    for block in stream.decode().split("\n\n"):
        if block.startswith("data: "):
            payload = block[len("data: "):]
            result.append(payload if payload == "[DONE]" else json.loads(payload))
    return result


def write(name, payloads, *, crlf=False, space=True, comment=None, ascii_only=False):
    newline = "\r\n" if crlf else "\n"
    prefix = "data: " if space else "data:"
    out = []
    for index, payload in enumerate(payloads):
        if comment and index and index % 100 == 0:
            out.append(comment(index) + newline + newline)
        text = payload if isinstance(payload, str) else json.dumps(
            payload, separators=(",", ":"), ensure_ascii=ascii_only)
        out.append(prefix + text + newline + newline)
    with open(os.path.join(HERE, name), "wb") as f:
        f.write("".join(out).encode())


def deltas(payloads):
    return [p["choices"][0]["delta"] for p in payloads
            if not isinstance(p, str) and p["choices"] and "content" in p["choices"][0]["delta"]]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--binary", default=".build/release/chatterm")
    parser.add_argument("--tokens", type=int, default=2000)
    args = parser.parse_args()
    recorded = record(args.binary, args.tokens)
    with open(os.path.join(HERE, "openai.sse"), "wb") as f:
        f.write(recorded)
    base = events(recorded)

    def copy():
        return json.loads(json.dumps(base[:-1])) + ["[DONE]"]

    glm = [p for p in copy() if isinstance(p, str) or p["choices"]]
    for delta in deltas(glm):
        delta["role"] = "assistant"
    write("chatglm3.sse", glm, crlf=True, comment=lambda i: f": ping - 2026-11-27 07:{i // 60 % 60:02d}:{i % 60:02d}.000000")
    write("tgi.sse", copy(), space=False, comment=lambda i: ":")
    for name, field in (("ollama.sse", "reasoning"), ("vllm.sse", "reasoning_content")):
        payloads = copy()
        content = deltas(payloads)
        for delta in content[: len(content) * 3 // 10]:
            delta[field] = delta.pop("content")
        write(name, payloads)
    cjk = copy()
    for index, delta in enumerate(deltas(cjk)):
        delta["content"] = CJK[(2 * index) % len(CJK)] + CJK[(2 * index + 1) % len(CJK)]
        if index % 40 == 39:
            delta["content"] += "。\n\n"
    write("llamacpp-cjk.sse", cjk, ascii_only=True)
    glm_cjk = [p for p in json.loads(json.dumps(cjk[:-1])) + ["[DONE]"] if isinstance(p, str) or p["choices"]]
    for delta in deltas(glm_cjk):
        delta["role"] = "assistant"
    write("chatglm3-cjk.sse", glm_cjk, crlf=True)


if __name__ == "__main__":
    main()
