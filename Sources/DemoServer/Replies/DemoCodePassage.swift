/// The passage of ``DemoPassage/code``: sections of a sentence of prose and a fenced code block, Python
/// first, then Swift, TypeScript, Go, Rust, shell, JSON, YAML, SQL, a diff, C and a Dockerfile. Each section
/// stands on its own (its fence closes in it), so a long reply repeats them rotated by whole sections. No
/// section says "done": `pty_bench.py` waits for the status bar's.
enum DemoCodePassage {
    static let sections: [String] = [
        """
        Here is a small Python function that counts the words of a file:

        ```python
        from collections import Counter

        def count_words(path, limit=10):
            \"\"\"Return the `limit` most common words of the file at `path`.\"\"\"
            counts = Counter()
            with open(path, encoding="utf-8") as handle:
                for line in handle:  # one line at a time
                    counts.update(line.lower().split())
            return counts.most_common(limit)

        if __name__ == "__main__":
            print(count_words("notes.txt", 3), True, None)
        ```


        """,
        """
        The same idea in Swift, with a type of its own:

        ```swift
        struct WordCount: Hashable {
            let word: String
            var count: Int = 0
        }

        /* Counts words; ignores case. */
        func count(_ text: String) -> [WordCount] {
            var table: [String: Int] = [:]
            for word in text.lowercased().split(separator: " ") {
                table[String(word), default: 0] += 1
            }
            return table.map { WordCount(word: $0.key, count: $0.value) }
        }
        ```


        """,
        """
        In TypeScript, an async function that fetches a list:

        ```ts
        interface Item { id: number; name: string }

        export async function load(url: string): Promise<Item[]> {
          const response = await fetch(`${url}/items?limit=${20}`);
          if (!response.ok) {
            throw new Error("status " + response.status); // give up
          }
          return (await response.json()) as Item[];
        }
        ```


        """,
        """
        A Go handler that answers with JSON:

        ```go
        package main

        import (
        \t"encoding/json"
        \t"net/http"
        )

        func health(w http.ResponseWriter, r *http.Request) {
        \tw.Header().Set("Content-Type", "application/json")
        \tjson.NewEncoder(w).Encode(map[string]bool{"ok": true})
        }
        ```


        """,
        """
        Rust, with an enum and a match:

        ```rust
        #[derive(Debug)]
        enum Shape { Circle(f64), Square(f64) }

        fn area(shape: &Shape) -> f64 {
            match shape {
                Shape::Circle(r) => 3.14159 * r * r,
                Shape::Square(side) => side * side, // no rounding
            }
        }

        fn main() {
            println!("{:?} has area {}", Shape::Circle(2.0), area(&Shape::Circle(2.0)));
        }
        ```


        """,
        """
        To try it from the shell:

        ```bash
        #!/bin/sh
        set -eu
        file="${1:-notes.txt}"
        if [ -f "$file" ]; then
            echo "counting ${file}" # progress
            wc -w "$file" | sort -n
        else
            echo "no such file: $file" >&2; exit 1
        fi
        ```


        """,
        """
        The settings, as JSON:

        ```json
        {
          "name": "counter",
          "version": 3,
          "threshold": 0.75,
          "enabled": true,
          "tags": ["text", "words", null]
        }
        ```


        """,
        """
        And as YAML for the deployment:

        ```yaml
        # deployment settings
        service:
          name: counter
          replicas: 2
          ports:
            - 8080
            - "9090"
          debug: false
        ```


        """,
        """
        The query that reads the results back:

        ```sql
        SELECT word, COUNT(*) AS total
        FROM words
        WHERE length(word) > 3 -- skip short words
        GROUP BY word
        ORDER BY total DESC
        LIMIT 10;
        ```


        """,
        """
        The change to the configuration, as a diff:

        ```diff
        --- a/config.toml
        +++ b/config.toml
        @@ -1,3 +1,3 @@
         [counter]
        -limit = 10
        +limit = 20
         case = "lower"
        ```


        """,
        """
        The core loop in C:

        ```c
        #include <ctype.h>
        #include <stdio.h>

        /* Counts the words read from standard input. */
        int main(void) {
            int c, words = 0, inside = 0;
            while ((c = getchar()) != EOF) {
                if (isspace(c)) inside = 0;
                else if (!inside) { inside = 1; words++; }
            }
            printf("%d words\\n", words);
            return 0;
        }
        ```


        """,
        """
        And a Dockerfile to ship it:

        ```dockerfile
        FROM python:3.12-slim
        WORKDIR /app
        COPY count.py .
        # run as an unprivileged user
        USER nobody
        CMD ["python", "count.py", "notes.txt"]
        ```


        """,
    ]

    /// The sections' tokens, each section's list on its own.
    static let sectionTokens: [[String]] = sections.map(DemoTokenizer.tokenize)

    /// `count` tokens of the passage after `echo`: the sections in order, then again, each repetition
    /// starting one section further on.
    static func tokens(after echo: [String], count: Int?) -> [String] {
        var tokens = echo
        let natural = echo.count + sectionTokens.reduce(0) { $0 + $1.count }
        let total = count.map { max($0, 0) } ?? natural
        guard total > echo.count else { return Array(echo.prefix(total)) }
        tokens.reserveCapacity(total)
        var repetition = 0
        var first = true
        while tokens.count < total {
            for offset in 0..<sectionTokens.count {
                for token in sectionTokens[(offset + repetition) % sectionTokens.count] {
                    guard tokens.count < total else { return tokens }
                    tokens.append(first ? "\n\n" + token : token)
                    first = false
                }
            }
            repetition += 1
        }
        return tokens
    }
}
