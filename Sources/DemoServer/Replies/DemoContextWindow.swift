/// How the demo server says its model's context window, copying a real server's bytes: none
/// (OpenAI, llama-cpp-python), llama.cpp's `GET /props` or vLLM's `max_model_len` in
/// `GET /v1/models`. It says it only: the demo server does not refuse a longer request.
public enum DemoContextWindow: Sendable, Hashable {
    case unsaid
    /// llama.cpp's `GET /props` with `default_generation_settings.n_ctx`.
    case llamaCppProps(Int)
    /// vLLM's `max_model_len` on the model in `GET /v1/models`.
    case vllmModelList(Int)

    /// The body of `GET /props`, when the server has one: the fields llama-server sends that a
    /// client reads (the real one carries dozens more sampling settings).
    func propsBody(model: String) -> String? {
        guard case .llamaCppProps(let tokens) = self else { return nil }
        return """
            {"default_generation_settings":{"id":0,"id_task":-1,"n_ctx":\(tokens),"speculative":false,\
            "is_processing":false,"params":{"n_predict":-1,"seed":4294967295,"temperature":0.800000011920929,\
            "top_k":40,"top_p":0.949999988079071,"stream":true},"prompt":"","next_token":{"has_next_token":true,\
            "n_remain":-1,"n_decoded":0}},"total_slots":1,"model_alias":"\(model)",\
            "model_path":"/models/\(model).gguf","modalities":{"vision":false,"audio":false},\
            "chat_template":"{% for message in messages %}{{ message.content }}{% endfor %}",\
            "bos_token":"<s>","eos_token":"</s>","build_info":"b5000-demo","is_sleeping":false}
            """
    }

    /// `max_model_len` for the model list, when the server lists it.
    var maxModelLen: Int? {
        guard case .vllmModelList(let tokens) = self else { return nil }
        return tokens
    }
}
