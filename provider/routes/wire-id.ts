import type { ManagementApi } from '@hookbridge/core';

/** An id as the wire carries it: integers for APIs with numeric ids (hookbridge keeps text). */
export function wireId(api: ManagementApi | undefined, id: string): string | number {
	return api?.numericIds ? Number(id) : id;
}
