/// The body of `GET /v1/models`: a list holding the configured model.
struct ModelListResponse: Encodable {
    /// One entry of `data`.
    struct Model: Encodable {
        /// The model id.
        var id: String
        /// Always `"model"`.
        var object = "model"
        /// A fixed creation time, so the listing is deterministic.
        var created = 1_700_000_000
        /// Always `"chatterm-demo"`.
        var ownedBy = "chatterm-demo"
        /// vLLM's `max_model_len`, when the server says its context window that way.
        var maxModelLen: Int?

        private enum CodingKeys: String, CodingKey {
            case id, object, created
            case ownedBy = "owned_by"
            case maxModelLen = "max_model_len"
        }
    }

    /// Always `"list"`.
    var object = "list"
    /// The models served.
    var data: [Model]

    /// A listing of the single model `id`.
    init(modelID: String, maxModelLen: Int? = nil) {
        self.data = [Model(id: modelID, maxModelLen: maxModelLen)]
    }
}
