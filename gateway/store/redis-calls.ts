import type { ChainableCommander } from 'ioredis';

/** MULTI/EXEC resolves with each command's error beside its reply: the first one is thrown. */
export async function exec(transaction: ChainableCommander): Promise<void> {
	const replies = await transaction.exec();
	if (replies === null) throw new Error('the Redis transaction was discarded');
	for (const [error] of replies) if (error) throw error;
}

/** Rejects after `ms` if `promise` has not settled by then (which it may still do later). */
export async function withDeadline<T>(promise: Promise<T>, ms: number): Promise<T> {
	let timer: NodeJS.Timeout | undefined;
	const late = new Promise<never>((_, reject) => {
		timer = setTimeout(() => reject(new Error(`Redis gave no answer in ${ms} ms`)), ms);
	});
	try {
		return await Promise.race([promise, late]);
	} finally {
		clearTimeout(timer);
	}
}

/** ioredis's own default: a server that is back is used again within 2 s. */
export function reconnectDelay(attempt: number): number {
	return Math.min(attempt * 50, 2000);
}

/** Writes each background error to stderr once, not once per reconnect attempt. */
export function reportOnce(): (error: Error) => void {
	let last = '';
	return (error) => {
		if (error.message === last) return;
		last = error.message;
		console.error(`hookbridge redis store: ${error.message}`);
	};
}
