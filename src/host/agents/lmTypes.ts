/**
 * The parts of VS Code's Language Model and MCP API that @types/vscode 1.95 does not have yet, declared here
 * as we use them. Every use is feature-detected at run time: the extension still runs on ^1.95, where the
 * data parts (1.106+) and MCP providers (1.101+) are missing.
 */
import type * as vscode from 'vscode';

/** `vscode.LanguageModelDataPart` (1.106+): `LanguageModelDataPart.image(bytes, mime)`. */
export interface DataPartClass {
  image(data: Uint8Array, mime: string): unknown;
}

/** `vscode.McpStdioServerDefinition` (1.101+). */
export interface McpStdioServerDefinition {
  label: string;
  command: string;
  args: string[];
  env: Record<string, string | number | null>;
  version?: string;
  cwd?: vscode.Uri;
}
export type McpStdioCtor = new (
  label: string,
  command: string,
  args?: string[],
  env?: Record<string, string | number | null>,
  version?: string,
) => McpStdioServerDefinition;

export interface McpServerDefinitionProvider {
  onDidChangeMcpServerDefinitions?: vscode.Event<void>;
  provideMcpServerDefinitions(
    token: vscode.CancellationToken,
  ): vscode.ProviderResult<McpStdioServerDefinition[]>;
  resolveMcpServerDefinition?(
    server: McpStdioServerDefinition,
    token: vscode.CancellationToken,
  ): vscode.ProviderResult<McpStdioServerDefinition>;
}

/** What of `vscode` and `vscode.lm` we look up by name (absent on older hosts). */
export interface LmExtras {
  LanguageModelDataPart?: DataPartClass;
  McpStdioServerDefinition?: McpStdioCtor;
  lm?: {
    registerTool?: typeof vscode.lm.registerTool;
    registerMcpServerDefinitionProvider?: (
      id: string,
      provider: McpServerDefinitionProvider,
    ) => vscode.Disposable;
  };
}
