import ChatCore
import Foundation
import XCTest

/// Reading the context window from each server's own answer: the shapes below are the real
/// ones (llama-server's `/props`, vLLM's `/v1/models`, Ollama's `/api/show`, and the overflow
/// errors of llama-cpp-python, vLLM and llama-server).
final class ContextWindowTests: XCTestCase {
    private func data(_ text: String) -> Data { Data(text.utf8) }

    func testLlamaCppPropsGivesNCtxOfTheDefaultGenerationSettings() {
        let props = """
            {"default_generation_settings":{"id":0,"n_ctx":65536,"params":{"n_predict":-1}},"total_slots":4,\
            "model_alias":"unsloth/Qwen3.6-35B-A3B-GGUF","build_info":"b8681-Debian"}
            """
        XCTAssertEqual(
            ContextWindow.fromLlamaCppProps(data(props)), ContextWindow(tokens: 65536, source: .llamaCppProps))
        XCTAssertNil(ContextWindow.fromLlamaCppProps(data(#"{"n_ctx":4096}"#)), "only where llama.cpp puts it")
        XCTAssertNil(ContextWindow.fromLlamaCppProps(data(#"{"default_generation_settings":{"n_ctx":true}}"#)))
        XCTAssertNil(ContextWindow.fromLlamaCppProps(data(#"{"default_generation_settings":{"n_ctx":0}}"#)))
        XCTAssertNil(ContextWindow.fromLlamaCppProps(data("<html>not found</html>")))
    }

    func testVLLMsModelListGivesMaxModelLenOfTheModelAskedFor() {
        let list = """
            {"object":"list","data":[{"id":"other","object":"model","max_model_len":2048},\
            {"id":"meta-llama/Meta-Llama-3.1-8B-Instruct","object":"model","created":1723770563,"owned_by":"vllm",\
            "root":"meta-llama/Meta-Llama-3.1-8B-Instruct","parent":null,"max_model_len":8096,"permission":[]}]}
            """
        XCTAssertEqual(
            ContextWindow.fromModelList(data(list), model: "meta-llama/Meta-Llama-3.1-8B-Instruct"),
            ContextWindow(tokens: 8096, source: .modelList))
        XCTAssertNil(ContextWindow.fromModelList(data(list), model: "absent"))
        let llamaCppPython = """
            {"object":"list","data":[{"id":"tiny-llama","object":"model","owned_by":"me","permissions":[]}]}
            """
        XCTAssertNil(ContextWindow.fromModelList(data(llamaCppPython), model: "tiny-llama"))
    }

    func testOllamasShowGivesNumCtxWhenSetElseTheArchitecturesContextLength() {
        let show = """
            {"parameters":"stop                           \\"<|eot_id|>\\"","model_info":\
            {"general.architecture":"llama","llama.context_length":131072,"llama.embedding_length":4096}}
            """
        XCTAssertEqual(ContextWindow.fromOllamaShow(data(show)), ContextWindow(tokens: 131072, source: .ollamaShow))
        let withNumCtx = """
            {"parameters":"num_ctx                        8192\\nstop \\"<|eot_id|>\\"",\
            "model_info":{"llama.context_length":131072}}
            """
        XCTAssertEqual(ContextWindow.fromOllamaShow(data(withNumCtx))?.tokens, 8192)
        XCTAssertNil(ContextWindow.fromOllamaShow(data(#"{"details":{"parameter_size":"7B"}}"#)))
    }

    func testOverflowErrorsNameTheLimit() {
        let llamaCppPython =
            "This model's maximum context length is 256 tokens. However, you requested 4518 tokens (4518 in the messages, None in the completion). Please reduce the length of the messages or completion."
        XCTAssertEqual(
            ContextWindow.fromOverflowMessage(llamaCppPython), ContextWindow(tokens: 256, source: .overflowError))
        let llamaServer = "request (9412 tokens) exceeds the available context size (8192 tokens), try increasing it"
        XCTAssertEqual(ContextWindow.fromOverflowMessage(llamaServer)?.tokens, 8192)
        XCTAssertTrue(ContextWindow.isOverflow(llamaCppPython))
        XCTAssertTrue(ContextWindow.isOverflow(llamaServer))
        // vLLM's VLLMValidationError, as its users have reported it.
        let vLLM =
            "You passed 99073 input tokens and requested 32000 output tokens. However, the model's context length is only 131072 tokens, resulting in a maximum input length of 99072 tokens. Please reduce the length of the input prompt. (parameter=input_tokens, value=99073)"
        XCTAssertEqual(ContextWindow.fromOverflowMessage(vLLM)?.tokens, 131_072)
        XCTAssertTrue(ContextWindow.isOverflow(vLLM))
        XCTAssertFalse(ContextWindow.isOverflow("model not found"))
        XCTAssertNil(ContextWindow.fromOverflowMessage("model not found"))
    }
}
