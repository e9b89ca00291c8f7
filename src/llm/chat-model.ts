/** One message of a chat conversation sent to a model. */
export interface ChatMessage {
  role: 'system' | 'user' | 'assistant';
  content: string;
}

/** Per-call options: the signal aborts the request (e.g. when the HTTP client disconnects). */
export interface ChatCallOptions {
  signal?: AbortSignal;
}

/**
 * A chat model, small enough that the answerer and the follow-up condenser
 * never know which vendor runs behind it. Failures surface as ProviderError;
 * an aborted call rejects with the signal's abort error instead.
 */
export interface ChatModel {
  /** e.g. `openai:gpt-4o-mini`. */
  readonly id: string;
  /** The whole reply at once. */
  generate(messages: ChatMessage[], options?: ChatCallOptions): Promise<string>;
  /** The reply as text pieces, in order, as the model produces them. */
  stream(messages: ChatMessage[], options?: ChatCallOptions): AsyncIterable<string>;
}

/** A function the model may call, described by a JSON schema of its arguments. */
export interface ChatTool {
  name: string;
  description: string;
  parameters: Record<string, unknown>;
}

/** A chat model that can be offered a function (OpenAI-style function calling). */
export interface ToolCallingChatModel extends ChatModel {
  /**
   * Offer the model one tool. Resolves to the arguments it called the tool with (parsed JSON,
   * not yet validated: the caller validates), or null when it answered without calling it.
   * Unparseable arguments and transport failures reject with ProviderError.
   */
  callTool(messages: ChatMessage[], tool: ChatTool, options?: ChatCallOptions): Promise<unknown | null>;
}
