/** The whole of standard input as bytes, untouched: signatures are over the exact bytes. */
export async function readStdin(stream: NodeJS.ReadableStream = process.stdin): Promise<Buffer> {
	const chunks: Buffer[] = [];
	for await (const chunk of stream)
		chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
	return Buffer.concat(chunks);
}
