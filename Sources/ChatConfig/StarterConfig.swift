/// The file `chatterm config --init` writes: what each setting means, then a full example,
/// commented out, so the file changes nothing until its owner edits it.
public enum StarterConfig {
    /// A working configuration with four profiles (also the README's example).
    public static let example = """
        default_profile = "glm"

        # Defaults for every profile; a profile's own value wins.
        retries = 3
        first_token_timeout = 120

        # ChatGLM3's openai_api_demo on a GPU box. Its short answers come back as
        # empty streams: chatterm asks again at once without streaming.
        [profiles.glm]
        base_url = "http://10.0.0.5:8000/v1"
        model = "chatglm3-6b"
        temperature = 0.8
        extra_body = { top_p = 0.8, repetition_penalty = 1.1 }

        # vLLM behind a gateway that routes on headers and wants its own key.
        [profiles.gateway]
        base_url = "https://llm.example.com/v1"
        model = "Qwen/Qwen2-7B-Instruct"
        api_key_env = "GATEWAY_KEY"
        headers = { "X-Tenant" = "research", "X-Route" = "vllm-a100" }
        idle_timeout = 30

        # Ollama on the laptop: a model loads on first use, which can take a while.
        [profiles.laptop]
        base_url = "http://127.0.0.1:11434/v1"
        model = "llama3.1"
        first_token_timeout = 300
        max_tokens = 2048

        # OpenAI. The key stays in the environment: export OPENAI_API_KEY=sk-…
        [profiles.openai]
        base_url = "https://api.openai.com/v1"
        model = "gpt-4o-mini"
        api_key_env = "OPENAI_API_KEY"
        system = "You are a concise assistant."
        warmup = "never"
        theme = "gruvbox"
        """

    /// The starter file's text: taking "# " off the example's lines gives the example back.
    public static var text: String {
        header + "\n"
            + example.split(separator: "\n", omittingEmptySubsequences: false).map {
                $0.isEmpty ? "#" : "# " + $0
            }.joined(separator: "\n") + "\n"
    }

    static let header = """
        # chatterm's configuration (TOML), written by `chatterm config --init`.
        # `chatterm config` shows every setting in effect and where it comes from;
        # `chatterm profiles` lists the profiles.
        #
        # Each setting is taken from the first of: a command-line flag, the
        # environment (CHATTERM_BASE_URL or OPENAI_BASE_URL, the key's variable,
        # NO_COLOR, CHATTERM_CLIPBOARD), the profile in use, the top of this file,
        # chatterm's default. The proxy is the exception, as in curl: --proxy,
        # the profile, the top of the file, then the environment.
        # The profile in use: --profile NAME, else CHATTERM_PROFILE, else
        # default_profile; /profile NAME switches in the chat.
        #
        # Settings, at the top (defaults for every profile) or in [profiles.NAME]:
        #   base_url             the server, e.g. "http://127.0.0.1:8000/v1"
        #   model                the model (default: the first the server lists)
        #   api_key_env          the NAME of the environment variable holding the
        #                        API key (default OPENAI_API_KEY); never the key;
        #                        "" sends no key at all
        #   api_key_cmd          a command that prints the key, run once per run:
        #                        "pass show llm/openai" (instead of api_key_env)
        #   system               a system prompt for new conversations
        #   temperature          0 to 2
        #   max_tokens           the longest reply, in tokens
        #   context_window       the model's context, in tokens, for servers that
        #                        do not say (llama.cpp, vLLM and Ollama do): 8192
        #   headers              extra HTTP headers: { "X-Tenant" = "lab" }
        #   headers_env          headers whose values are read from environment
        #                        variables, by the variable's NAME, so no secret
        #                        is written here: { "api-key" = "AZURE_KEY" }
        #   secret_headers       headers whose values chatterm shows only as •••:
        #                        ["X-Session"] (Authorization, api-key, X-Api-Key,
        #                        Cookie, Proxy-Authorization and every header of
        #                        headers_env always are)
        #   extra_body           extra JSON fields of each request: { top_p = 0.8 }
        #                        (not model, messages, stream, temperature or
        #                        max_tokens: those have their own settings)
        #   stream               false asks for whole replies (default true)
        #   warmup               "auto" (default), "always" or "never"
        #   warmup_after_idle    seconds idle before warming up again (600)
        #   retries              retries of a failed request, after a backoff (3)
        #   fallback             "auto" (default): an empty or broken stream is
        #                        asked again at once without streaming; "never"
        #   connect_timeout      seconds to connect and send (10)
        #   first_token_timeout  seconds to the first token (120)
        #   idle_timeout         seconds between pieces of text (60)
        #   turn_timeout         seconds for a whole reply (no limit)
        #   theme                a theme's name or a theme file's path
        #   mouse                true: the mouse wheel scrolls the chat (default
        #                        false); the terminal's own selection then takes
        #                        Shift-drag (Option-drag in macOS Terminal, iTerm2)
        #   proxy                an HTTP proxy, "http://user:pw@host:3128"; "" for
        #                        none. Beats https_proxy, http_proxy and
        #                        ALL_PROXY; NO_PROXY lists hosts reached directly
        #   ca_file              a PEM file of the certificates to trust instead
        #                        of the system's (a private CA, a self-signed box)
        #   insecure             true: certificates are not checked (in a profile
        #                        only; every run warns about it)
        #   client_cert          a client certificate (PEM) for a gateway that
        #                        asks for one
        #   client_key           its key (PEM), unless client_cert's file has it
        #   fallback_profiles    in a profile only: profiles to send a turn to
        #                        when this server is down, overloaded or answers
        #                        empty: ["laptop"]
        #   vision               true: the model sees images, and /attach and
        #                        ask --attach send PNG, JPEG, WebP and GIF files
        #                        (default false: images are refused)
        #
        # An example to start from: uncomment it and make it yours.
        """
}
