import ChatTUI

extension Chatterm {
    /// The text of `chatterm --help` after the usage, with every key it mentions named by `keys`
    /// (`KeyTable.keyNames`), so the help never names a key the chat does not bind.
    static func discussion(naming keys: KeyNames) -> String {
        """
        With no endpoint configured, chatterm starts in demo mode against a built-in server, \
        so `chatterm` alone shows what it does.

        Point it at a server with --base-url (or CHATTERM_BASE_URL, or OPENAI_BASE_URL):
          chatterm --base-url http://127.0.0.1:8000/v1     ChatGLM3, vLLM
          chatterm --base-url http://127.0.0.1:8080/v1     llama.cpp server
          chatterm --base-url http://127.0.0.1:11434/v1    Ollama
        The API key, if the server needs one, is read from OPENAI_API_KEY (or the variable a \
        profile's api_key_env names) and never written anywhere.

        Or keep your servers as profiles in ~/.config/chatterm/config.toml \
        ($XDG_CONFIG_HOME/chatterm, or --config PATH): `chatterm config --init` writes a \
        commented starter file, --profile NAME (or CHATTERM_PROFILE, or the file's \
        default_profile) picks one, /profile NAME switches while chatting, `chatterm profiles` \
        lists them, and `chatterm config` shows every setting in effect and where it came \
        from. Each setting comes from a flag, else the environment, else the profile, else \
        the file's top level, else chatterm's default.

        Keys in the chat: \(keys(.chat(.send))) sends · \(keys(.prompt(.newLine))) starts a new line · \
        \(keys(.prompt(.lineUp)))/\(keys(.prompt(.lineDown))) recall earlier prompts · \
        \(keys(.prompt(.editExternally))) edits in $EDITOR · \(keys(.chat(.cancelReply))) or \
        \(keys(.chat(.interrupt))) cancels a streaming reply (what arrived is kept) · \
        \(keys(.chat(.interrupt))) twice or \(keys(.prompt(.deleteForwardOrQuit))) quits · \
        \(keys(.chat(.pageUp)))/\(keys(.chat(.pageDown))) and \(keys(.chat(.lineUp)))/\(keys(.chat(.lineDown))) \
        scroll · \(keys(.chat(.bottomFromDraftEnd))) (at the end of the input) returns to the bottom · \
        \(keys(.chat(.redraw))) redraws · \(keys(.chat(.suspend))) suspends. Commands: /retry asks for a new \
        reply, /continue finishes one that stopped early, /model and /profile switch the model \
        or the whole endpoint for the next reply, /copy [N] copies the last reply (or its Nth \
        code block) to the clipboard with OSC 52, /quit quits.

        Code and files: code blocks in replies are coloured by their language (the theme's \
        code roles; attributes only under NO_COLOR). /select (\(keys(.chat(.select)))) puts a cursor \
        on the conversation to pick lines, code blocks or messages and copy them \
        (\(keys(.select(.copy))), OSC 52), write them to a file (\(keys(.select(.write)))) or quote \
        them in the prompt (\(keys(.select(.quote)))). /attach PATH… (or `chatterm ask --attach \
        PATH`) sends files with the next prompt: a text file as a fenced block, an image as a \
        data URL when the profile says vision = true; a dropped file's path asks to be attached. \
        With mouse = true in the configuration the mouse wheel scrolls, and the terminal's own \
        selection then takes Shift-drag.

        Bad streams are survived, not shown: a stream that comes back empty or breaks is asked \
        for again at once without streaming (--fallback), and its whole reply replaces a partial \
        one; failed requests (connection, timeouts before any text, 408, 409, 429, 5xx) are \
        retried after a backoff (--retries); every phase has its own time limit \
        (--connect-timeout, --first-token-timeout, --idle-timeout). `chatterm probe` diagnoses \
        an endpoint that misbehaves.

        Every conversation is saved as you go (see --data-dir): \(keys(.chat(.history))) or /history browses and \
        searches them, /open, /title and /export work on them, `chatterm --resume last` \
        continues the latest, and `chatterm history` and `chatterm show` read them from scripts; \
        `chatterm stats` sums up how the servers did (time to first token, failures) from them.

        Colours come from a theme: --theme NAME, or /theme NAME in the chat. `chatterm themes` \
        lists the themes with a preview of each and says where they are looked for. NO_COLOR \
        or --no-color draws with attributes only.
        """
    }
}
