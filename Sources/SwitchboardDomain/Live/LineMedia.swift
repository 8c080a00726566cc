/// What a customer's message carries besides its readable text, for the inbox and the spy to show: a picture, a
/// file, a place. The bytes stay with the provider (`GET /api/media/{messageId}` fetches them).
public struct LineMedia: Sendable, Equatable {
    /// `image`, `video`, `audio`, `document`, `sticker` or `location`.
    public var type: String
    public var caption: String?
    public var fileName: String?
    /// The type the provider declared for a file.
    public var mimeType: String?
    /// A location's coordinates and name.
    public var latitude: Double?
    public var longitude: Double?
    public var name: String?

    public init(type: String, caption: String? = nil, fileName: String? = nil, mimeType: String? = nil, latitude: Double? = nil,
                longitude: Double? = nil, name: String? = nil) {
        self.type = type
        self.mimeType = mimeType
        self.caption = caption
        self.fileName = fileName
        self.latitude = latitude
        self.longitude = longitude
        self.name = name
    }
}
