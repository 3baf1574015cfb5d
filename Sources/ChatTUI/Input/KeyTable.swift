/// Every key binding and every slash command, each written once: what is pressed or typed, what
/// it does, its help text and, for commands, what Tab completes. The key handlers look keys up
/// here (`KeyTable+Lookup`), the help overlay and Tab completion read it, and the README's key
/// and command tables are rendered from it (`KeyTable+Markdown`; a test compares them).
///
/// Help text is written with Markdown code spans (`/find`); the overlay shows it without the
/// backquotes. Pure Swift: no curses.
public enum KeyTable {
    /// The keys, in the order the help shows them within each section.
    static let entries: [Entry] = [
        // The chat: writing and sending.
        Entry(.writing, "send the prompt", .bind(.chat(.send), .enter)),
        Entry(
            .writing, "a new line in the prompt (it grows up to a third of the screen)",
            .bind(.prompt(.newLine), .altEnter, .ctrl("j"))),
        Entry(
            .writing,
            "move between the prompt's lines; on its first / last line, earlier prompts (kept in "
                + "`<data-dir>/prompt-history.json`)",
            .pair(.prompt(.lineUp), [.up], .prompt(.lineDown), [.down])),
        Entry(
            .writing, "a character left / right",
            .pair(.prompt(.characterLeft), [.left, .ctrl("b")], .prompt(.characterRight), [.right, .ctrl("f")])),
        Entry(
            .writing, "a word left / right",
            .pair(.prompt(.wordLeft), [.alt("b")], .prompt(.wordRight), [.alt("f")])),
        Entry(
            .writing, "the start / end of the line",
            .pair(.prompt(.lineStart), [.home, .ctrl("a")], .prompt(.lineEnd), [.end, .ctrl("e")])),
        Entry(.writing, "delete the character before the cursor", .bind(.prompt(.deleteBackward), .backspace)),
        Entry(
            .writing, "delete the character under the cursor",
            .bind(.prompt(.deleteForward), .delete), .bind(.prompt(.deleteForwardOrQuit), .ctrl("d"))),
        Entry(
            .writing, "cut to the end / the start of the line",
            .pair(.prompt(.killToLineEnd), [.ctrl("k")], .prompt(.killToLineStart), [.ctrl("u")])),
        Entry(.writing, "cut back to the previous space", .bind(.prompt(.killToSpace), .ctrl("w"))),
        Entry(
            .writing, "cut a word backward / forward",
            .pair(.prompt(.killWordBackward), [.altBackspace], .prompt(.killWordForward), [.alt("d")])),
        Entry(
            .writing, "paste what was cut last / swap it for what was cut before",
            .pair(.prompt(.yank), [.ctrl("y")], .prompt(.yankOlder), [.alt("y")])),
        Entry(
            .writing, "undo", .bind(.prompt(.undo), .ctrl("_")), .bind(.prompt(.undo), .ctrl("u"), after: .ctrl("x"))),
        Entry(
            .writing, "edit the prompt in `$VISUAL` or `$EDITOR` (default `vi`)",
            .bind(.prompt(.editExternally), .ctrl("e"), after: .ctrl("x"))),
        Entry(
            .writing, "pasted text lands in the prompt, line breaks kept, and is never sent by itself",
            .label("(paste)")),
        Entry(.writing, completionMeaning, .bind(.chat(.complete), .tab)),
        Entry(
            .writing,
            "files dropped on the prompt (pasted as their paths): Enter attaches them, any other key pastes the text",
            .label("(drop)")),

        // The chat: reading.
        Entry(.reading, "scroll a page", .pair(.chat(.pageUp), [.pageUp], .chat(.pageDown), [.pageDown])),
        Entry(
            .reading, "scroll a line",
            .pair(.chat(.lineUp), [.shiftUp, .ctrlUp], .chat(.lineDown), [.shiftDown, .ctrlDown])),
        Entry(
            .reading, "the previous / next message",
            .pair(.chat(.previousMessage), [.altUp], .chat(.nextMessage), [.altDown])),
        Entry(
            .reading, "back to the newest text",
            .bind(.chat(.bottomFromDraftEnd), .end, .ctrl("e"), when: "at the end of the prompt"),
            .bind(.chat(.bottom), .shiftEnd, .ctrlEnd, .alt(">"))),
        Entry(.reading, "the start of the conversation", .bind(.chat(.top), .ctrlHome, .alt("<"))),
        Entry(
            .reading, "find in the conversation (starts `/find`)", .mention(.chat(.findOlder), "(on an empty prompt)")),
        Entry(
            .reading, "with a search under way: the older / newer match",
            .pair(.chat(.findOlder), [.ctrl("r")], .chat(.findNewer), [.ctrl("s")])),
        Entry(
            .reading, "show replies' reasoning and attached text files in full, or fold them again",
            .bind(.chat(.toggleReasoning), .ctrl("t"))),
        Entry(.reading, command: "/select", .bind(.chat(.select), .alt("v"))),
        Entry(
            .reading,
            "scroll three lines, with `mouse = true` (the terminal's own selection then takes Shift-drag, "
                + "Option-drag in macOS Terminal and iTerm2)",
            .pair(.chat(.wheelUp), [.wheelUp], .chat(.wheelDown), [.wheelDown])),

        // The chat: replies.
        Entry(
            .replies, "cancel the reply under way; what arrived is kept",
            .bind(.chat(.cancelReply), .escape, when: "while a reply streams"),
            .bind(.chat(.interrupt), .ctrl("c"), when: "while a reply streams")),
        Entry(.replies, command: "/edit", .bind(.chat(.editPrompt), .alt("e"))),
        Entry(
            .replies, "leave the prompt being edited: the draft you had comes back",
            .mention(.chat(.cancelReply), "(while editing a prompt)")),
        Entry(
            .replies,
            "the previous / next alternative of the last message that has some (`‹ 2/3 ›` in its label); "
                + "the messages below follow",
            .pair(.chat(.previousAlternative), [.altLeft], .chat(.nextAlternative), [.altRight])),

        // The chat: conversations and the program.
        Entry(.conversations, command: "/history", .bind(.chat(.history), .ctrl("o"))),
        Entry(
            .program, command: "/help",
            .bind(.chat(.help), .function(1)), .bind(.chat(.helpOnEmptyDraft), .text("?"), when: "on an empty prompt")),
        Entry(.program, "redraw the screen", .bind(.chat(.redraw), .ctrl("l"))),
        Entry(.program, "suspend (`fg` to come back)", .bind(.chat(.suspend), .ctrl("z"))),
        Entry(
            .program, command: "/quit",
            .mention(.chat(.interrupt), "twice (when idle)"),
            .mention(.prompt(.deleteForwardOrQuit), "(on an empty prompt)")),

        // The history browser.
        Entry(
            .history,
            "search the titles and models, and from three letters on the messages too (ignoring case and "
                + "accents)",
            .label("(typing)")),
        Entry(
            .history, "the previous / next conversation",
            .pair(.history(.previous), [.up, .ctrl("p")], .history(.next), [.down, .ctrl("n")])),
        Entry(.history, "a page up / down", .pair(.history(.pageUp), [.pageUp], .history(.pageDown), [.pageDown])),
        Entry(
            .history, "three conversations up / down, with `mouse = true`",
            .pair(.history(.wheelUp), [.wheelUp], .history(.wheelDown), [.wheelDown])),
        Entry(
            .history, "the first / last conversation",
            .pair(.history(.first), [.home], .history(.last), [.end, .shiftEnd])),
        Entry(.history, "read the conversation", .bind(.history(.open), .enter)),
        Entry(.history, "clear the search; when it is empty, close", .bind(.history(.clearOrClose), .escape)),
        Entry(.history, "close", .bind(.history(.close), .ctrl("c"))),

        // A saved conversation.
        Entry(
            .viewer, "scroll a line",
            .pair(.viewer(.lineUp), [.up, .text("k")], .viewer(.lineDown), [.down, .text("j"), .enter])),
        Entry(
            .viewer, "scroll a page",
            .pair(.viewer(.pageUp), [.pageUp, .text("b")], .viewer(.pageDown), [.pageDown, .text(" ")])),
        Entry(
            .viewer, "the start / end of the conversation",
            .pair(.viewer(.top), [.home, .text("g")], .viewer(.bottom), [.end, .text("G"), .shiftEnd])),
        Entry(
            .viewer, "the previous / next message",
            .pair(.viewer(.previousMessage), [.text("["), .altUp], .viewer(.nextMessage), [.text("]"), .altDown])),
        Entry(
            .viewer, "scroll three lines, with `mouse = true`",
            .pair(.viewer(.wheelUp), [.wheelUp], .viewer(.wheelDown), [.wheelDown])),
        Entry(
            .viewer, "the previous / next alternative (`‹ 2/3 ›`) of the last message that has them",
            .pair(.viewer(.previousAlternative), [.altLeft], .viewer(.nextAlternative), [.altRight])),
        Entry(.viewer, "search the conversation", .bind(.viewer(.search), .text("/"))),
        Entry(
            .viewer, "the next / previous match, wrapping around",
            .pair(.viewer(.nextMatch), [.text("n")], .viewer(.previousMatch), [.text("N")])),
        Entry(.viewer, "continue this conversation in the chat", .bind(.viewer(.continueConversation), .text("c"))),
        Entry(.viewer, "go back", .bind(.viewer(.close), .text("q"), .ctrl("c"))),
        Entry(.viewer, "clear the search; without one, go back", .bind(.viewer(.clearSearchOrClose), .escape)),

        // Searching a saved conversation.
        Entry(
            .viewerSearch, "run the search from the top of the view; an empty one repeats the last",
            .bind(.viewerSearch(.run), .enter)),
        Entry(
            .viewerSearch, "stop typing the search",
            .bind(.viewerSearch(.cancel), .escape, .ctrl("c")),
            .bind(.viewerSearch(.cancelIfEmpty), .backspace, when: "on an empty search")),
        Entry(
            .viewerSearch, "the start / end of the search",
            .pair(.viewerSearch(.start), [.home], .viewerSearch(.end), [.end])),

        // Typing a search.
        Entry(
            .searchLine, "a character left / right",
            .pair(
                .searchLine(.characterLeft), [.left, .ctrl("b")], .searchLine(.characterRight),
                [.right, .ctrl("f")])),
        Entry(
            .searchLine, "the start / end of the search",
            .pair(.searchLine(.start), [.ctrl("a")], .searchLine(.end), [.ctrl("e")])),
        Entry(.searchLine, "delete the character before the cursor", .bind(.searchLine(.deleteBackward), .backspace)),
        Entry(
            .searchLine, "delete the character under the cursor",
            .bind(.searchLine(.deleteForward), .delete, .ctrl("d"))),
        Entry(
            .searchLine, "delete to the start / the end",
            .pair(.searchLine(.deleteToStart), [.ctrl("u")], .searchLine(.deleteToEnd), [.ctrl("k")])),
        Entry(.searchLine, "delete back to the previous space", .bind(.searchLine(.deleteWordBackward), .ctrl("w"))),

        // Selection mode over the conversation.
        Entry(
            .selection, "the line above / below (a line of the text as written, over its wrapped rows)",
            .pair(.select(.lineUp), [.up, .text("k")], .select(.lineDown), [.down, .text("j")])),
        Entry(
            .selection, "the start of the message / the next message",
            .pair(.select(.previousMessage), [.text("["), .altUp], .select(.nextMessage), [.text("]"), .altDown])),
        Entry(
            .selection, "the start of the code block / the next code block",
            .pair(.select(.previousBlock), [.text("{")], .select(.nextBlock), [.text("}")])),
        Entry(.selection, "a page up / down", .pair(.select(.pageUp), [.pageUp], .select(.pageDown), [.pageDown])),
        Entry(
            .selection, "the first / last line of the conversation",
            .pair(.select(.top), [.home, .text("g")], .select(.bottom), [.end, .text("G")])),
        Entry(
            .selection, "start or end a range of lines from here / of whole code blocks or messages",
            .pair(.select(.range), [.text("v")], .select(.wholeRange), [.text("V")])),
        Entry(
            .selection,
            "copy the range, or the line, to the clipboard as written (a code block's code without its fences)",
            .bind(.select(.copy), .text("y"))),
        Entry(.selection, "write it to a file (asks for the path)", .bind(.select(.write), .text("w"))),
        Entry(.selection, "quote it in the prompt (`> ` lines)", .bind(.select(.quote), .enter)),
        Entry(
            .selection, "edit the prompt under the cursor: sending it starts a new branch there",
            .bind(.select(.edit), .text("e"))),
        Entry(
            .selection, "the previous / next alternative of the message under the cursor",
            .pair(.select(.previousAlternative), [.altLeft], .select(.nextAlternative), [.altRight])),
        Entry(.selection, "leave selection mode", .bind(.select(.leave), .escape, .text("q"), .ctrl("c"))),
        Entry(
            .selectionFile, "write the file (`~` is your home; the keys of typing a search edit the path)",
            .bind(.selectPath(.write), .enter)),
        Entry(.selectionFile, "back to the selection", .bind(.selectPath(.cancel), .escape, .ctrl("c"))),
        Entry(
            .selectionFile, "when the file exists: overwrite it / keep it and edit the path",
            .pair(.selectOverwrite(.overwrite), [.text("y")], .selectOverwrite(.keep), [.text("n"), .escape])),

        // This help.
        Entry(.help, "scroll a line", .pair(.help(.lineUp), [.up], .help(.lineDown), [.down])),
        Entry(
            .help, "scroll a page", .pair(.help(.pageUp), [.pageUp], .help(.pageDown), [.pageDown, .text(" ")])),
        Entry(.help, "the top / the end", .pair(.help(.top), [.home], .help(.bottom), [.end])),
        Entry(.help, "close", .bind(.help(.close), .escape, .text("q"), .function(1), .ctrl("c"))),
    ]

    /// The slash commands, in the order the help, Tab and the suggestions for a mistyped one
    /// list them.
    public static let commands: [SlashCommand.Definition] = [
        .init(
            "/retry", in: .replies,
            "ask for a new reply in place of the last one; the earlier reply is kept as an alternative "
                + "(`‹ 1/2 ›`), a failed or empty one replaced"
        ) { _ in .retry },
        .init(
            "/edit", "[N]", in: .replies,
            "put the latest prompt (with `N`, the Nth from the newest: `/edit 2` is the one before) and its "
                + "attachments in the editor; Enter sends it as a new branch from there, the old branch kept"
        ) { .edit($0) },
        .init(
            "/branch", "[prev|next|N]", in: .replies,
            "show the previous, next or Nth alternative of the last message that has some; alone, say which "
                + "messages have how many"
        ) { .branch($0) },
        .init("/continue", in: .replies, "ask the model to go on from a reply that stopped early") { _ in .continueReply
        },
        .init(
            "/model", "[NAME]", in: .replies, completes: .models,
            "switch the model from the next reply on; alone, list the server's models"
        ) { .model($0) },
        .init(
            "/profile", "[NAME]", in: .replies, completes: .profiles,
            "switch to a profile of the configuration file (endpoint, model, settings) from the next reply on; "
                + "alone, list them"
        ) { .profile($0) },
        .init("/system", "[TEXT]", in: .replies, "set the system prompt; alone, show it") { .system($0) },
        .init("/raw", in: .replies, "show replies as they came instead of rendered Markdown (toggles)") { _ in .raw },
        .init(
            "/copy", "[N]", in: .replies, completes: .codeBlocks,
            "copy the last reply (its Markdown), or its Nth code block, to the clipboard (OSC 52, so it works "
                + "over SSH)"
        ) { .copy($0) },
        .init(
            "/attach", "[PATH…]", in: .writing, completes: .paths,
            "attach files to the next prompt (`~` and globs work): text goes as a fenced block, an image "
                + "(PNG, JPEG, WebP, GIF) as a data URL with `vision = true`; alone, list what waits"
        ) { .attach($0) },
        .init("/detach", "[N|all]", in: .writing, "remove the last waiting attachment, the Nth, or all") {
            .detach($0)
        },
        .init(
            "/select", in: .reading,
            "select in the conversation with the keyboard: lines, code blocks, messages; copy, write to a file "
                + "or quote them"
        ) { _ in .select },
        .init("/new", in: .conversations, "start a new conversation (the current one stays saved)") { _ in .new },
        .init("/history", in: .conversations, "browse and search the saved conversations") { _ in .history },
        .init(
            "/open", "[ID|last]", in: .conversations, completes: .conversations,
            "continue a saved conversation: an id, a prefix of one, or `last`; alone, browse them"
        ) { .open($0) },
        .init("/title", "[TEXT]", in: .conversations, "rename this conversation; alone, show its title") { .title($0) },
        .init(
            "/find", "[TEXT]", in: .conversations,
            "highlight TEXT in this conversation and go to its newest match; alone, clear the search"
        ) { .find($0) },
        .init(
            "/export", "[all]", in: .conversations,
            "write this conversation's branch in view as Markdown next to its file; `all`: every branch"
        ) { .export($0) },
        .init(
            "/theme", "[NAME]", in: .program, completes: .themes,
            "switch to another theme (a name or a file's path); alone, list them"
        ) { .theme($0) },
        .init("/help", aliases: ["/?"], in: .program, "every key and command") { _ in .help },
        .init("/quit", aliases: ["/q"], in: .program, "quit") { _ in .quit },
    ]

    /// What Tab does, from the commands whose argument it completes.
    private static var completionMeaning: String {
        let names = commands.filter { $0.completion != nil }.map { "`\($0.name)`" }
        let list = names.count > 1 ? names.dropLast().joined(separator: ", ") + " and " + names.last! : names.joined()
        return "complete a `/command`, and the argument of " + list
    }
}
